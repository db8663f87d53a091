from lib.spreadsheets import safe_cell


def test_text_that_would_run_as_a_formula_becomes_plain_text():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("+84 912 345 678") == "'+84 912 345 678"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"


def test_names_and_numbers_are_left_alone():
    assert safe_cell("Nguyễn Văn A") == "Nguyễn Văn A"
    assert safe_cell(-3.5) == -3.5
    assert safe_cell(None) is None
