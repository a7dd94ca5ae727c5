"""Retrieval: questions with known answers (symbol -> file) against click's memory."""

from nca.admin.memory.search import split_words

# (question, the file that answers it)
QUESTIONS = [
    ("echo_via_pager", "click/termui.py"),
    ("where is format_filename defined", "click/utils.py"),
    ("prompt the user for a value", "click/termui.py"),
    ("confirm yes or no question", "click/termui.py"),
    ("progressbar", "click/termui.py"),
    ("open a file lazily LazyFile", "click/utils.py"),
    ("get_current_context", "click/globals.py"),
    ("CliRunner invoke a command for testing", "click/testing.py"),
    ("BadParameter exception", "click/exceptions.py"),
    ("UsageError", "click/exceptions.py"),
    ("HelpFormatter write usage", "click/formatting.py"),
    ("wrap_text", "click/formatting.py"),
    ("Choice parameter type", "click/types.py"),
    ("IntRange", "click/types.py"),
    ("make_pass_decorator", "click/decorators.py"),
    ("version_option", "click/decorators.py"),
    ("Group add_command", "click/core.py"),
    ("Context invoke", "click/core.py"),
    ("shell completion bash", "click/shell_completion.py"),
    ("split_arg_string", "click/shell_completion.py"),
    ("get_app_dir application config folder", "click/utils.py"),
    ("style text with ansi colours secho", "click/termui.py"),
    ("launch an editor edit", "click/termui.py"),
    ("Option prompt_for_value", "click/core.py"),
]


def test_split_words():
    assert split_words("parse_version") == "parse version"
    assert split_words("BaseCommand.get_help") == "base command get help"
    assert split_words("HTTPServer") == "http server"


def test_recall_at_5_is_at_least_0_9(click_memory):
    found = 0
    missed = []
    for question, answer in QUESTIONS:
        hits = click_memory.search(question, limit=5)
        if any(h.path == answer for h in hits):
            found += 1
        else:
            missed.append((question, [(h.path, h.symbol) for h in hits]))
    recall = found / len(QUESTIONS)
    print(f"recall@5 = {recall:.2f} over {len(QUESTIONS)} questions; missed: {missed}")
    assert len(QUESTIONS) >= 20
    assert recall >= 0.9, missed


def test_hits_carry_path_symbol_kind_line_and_score(click_memory):
    (hit,) = click_memory.search("echo_via_pager", limit=1)
    assert (hit.path, hit.symbol, hit.kind) == ("click/termui.py", "echo_via_pager", "function")
    source = (click_memory.workspace / hit.path).read_text().splitlines()
    assert source[hit.line - 1].lstrip().startswith("def echo_via_pager")
    assert hit.score > 0
    assert set(hit.to_dict()) == {"path", "symbol", "kind", "line", "score"}


def test_queries_fts5_cannot_parse_find_nothing_instead_of_failing(click_memory):
    assert click_memory.search('"') == []
    assert isinstance(click_memory.search("AND OR NOT ( NEAR"), list)  # operators are quoted
    assert click_memory.search("") == []
