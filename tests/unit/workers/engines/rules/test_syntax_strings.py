"""Unclosed strings: a docstring closes where its text ends, not at the end of the file."""

from __future__ import annotations

import ast

from nca.workers.engines.rules.syntax import repair


def _first(text: str) -> str:
    fixes = repair(text)
    assert fixes, "no repair"
    return fixes[0].text


def test_a_one_line_docstring_closes_on_its_own_line():
    text = 'def area(w, h):\n    """Return the area.\n    return w * h\n\n\nprint(area(2, 3))\n'
    fixed = _first(text)
    tree = ast.parse(fixed)
    assert ast.get_docstring(tree.body[0]) == "Return the area."
    assert isinstance(tree.body[-1], ast.Expr)  # the call at the end is code again


def test_a_docstring_of_several_lines_closes_before_the_first_line_of_code():
    text = ('def load(path):\n    """Read the file.\n\n    Details of the format.\n'
            '    return open(path).read()\n')
    fixed = _first(text)
    function = ast.parse(fixed).body[0]
    assert isinstance(function, ast.FunctionDef)
    assert ast.get_docstring(function) == "Read the file.\n\nDetails of the format."
    assert isinstance(function.body[-1], ast.Return)


def test_a_string_with_no_code_after_it_closes_at_the_end_of_the_file():
    text = 'NOTES = """first\nsecond\n'
    assert ast.literal_eval(_first(text).partition("=")[2].strip()) == "first\nsecond\n"


def test_a_string_closed_with_the_other_quote_gets_its_own():
    assert _first("print(\"Hello World')\n") == "print(\"Hello World\")\n"


def test_an_earlier_string_closed_with_the_other_quote_gets_its_own():
    # the stray `'` shifts every quote after it: the last one is reported unterminated
    assert _first("df[\"total'] = df[\"price\"] * df[\"qty\"]\n") == (
        "df[\"total\"] = df[\"price\"] * df[\"qty\"]\n")
    assert _first("name = input(\"Name: ')\nprint(\"Hi \" + name)\n") == (
        "name = input(\"Name: \")\nprint(\"Hi \" + name)\n")


def test_a_key_that_lost_its_closing_quote_gets_it_back_after_its_word():
    fixed = _first("d = {'a: 1, 'b': 2}\nprint(d)\n")
    assert ast.literal_eval(fixed.splitlines()[0].partition("=")[2].strip()) == {"a": 1, "b": 2}


def test_a_doubled_closing_quote_and_a_windows_path():
    assert _first('p = soup.find("span", class_="price"").text\n') == (
        'p = soup.find("span", class_="price").text\n')
    assert _first('d = Chrome("C:\\Users\\me\\chromedriver.exe")\n') == (
        'd = Chrome(r"C:\\Users\\me\\chromedriver.exe")\n')


def test_f_string_slips():
    # the format spec after the field's brace, and a key quoted like the f-string (3.11)
    assert _first('print(f"accuracy {acc}:.3f}")\n') == 'print(f"accuracy {acc:.3f}")\n'
    assert _first('print(f"{i}. {t["text"]}")\n') == "print(f\"{i}. {t['text']}\")\n"


def test_a_string_whose_placeholder_an_argument_fills_closes_before_that_argument():
    text = 'def clear(self):\n    logger.info("Clear mapping at %s, self.root)\n'
    assert _first(text).splitlines()[1] == '    logger.info("Clear mapping at %s", self.root)'
    text = 'print("total: {}, sum(xs))\n'
    assert _first(text) == 'print("total: {}", sum(xs))\n'


def test_a_string_without_a_placeholder_keeps_its_comma():
    assert _first('print("Hello, name)\n') == 'print("Hello, name")\n'
