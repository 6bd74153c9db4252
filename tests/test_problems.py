from fatheraudit.problems import Severity, did_you_mean, one_of, problem, quote_key, sort_problems


def test_problem_renders_location_severity_code_and_message() -> None:
    found = problem("cases/C01.yaml", "Q402", "A1: not on the scale", 12, 5)
    assert str(found) == "cases/C01.yaml:12:5: error Q402: A1: not on the scale"


def test_problem_without_line_shows_only_the_path() -> None:
    found = problem("cases/x.yaml", "F104", "skipped", severity=Severity.WARNING)
    assert str(found) == "cases/x.yaml: warning F104: skipped"
    assert not found.is_error


def test_problems_sort_in_reading_order() -> None:
    later = problem("a.yaml", "Q1", "m", 9, 1)
    earlier = problem("a.yaml", "Q1", "m", 2, 7)
    other = problem("b.yaml", "Q1", "m", 1, 1)
    assert sort_problems([other, later, earlier]) == [earlier, later, other]


def test_did_you_mean_suggests_the_closest_choice() -> None:
    assert did_you_mean("evidnce", ["answer", "evidence"]) == " (did you mean 'evidence'?)"
    assert did_you_mean("zzzz", ["answer", "evidence"]) == ""


def test_keys_that_look_like_names_are_not_echoed() -> None:
    assert quote_key("evidnce") == "'evidnce'"
    assert quote_key("John Smith") == "a key"
    assert quote_key("x" * 41) == "a key"


def test_one_of_joins_with_or() -> None:
    assert one_of(["yes", "no"]) == "'yes' or 'no'"
    assert one_of(["a", "b", "c"]) == "'a', 'b' or 'c'"
