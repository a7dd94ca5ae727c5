# expect imports: textwrap
import readline  # noqa: F401
import rlcompleter  # noqa
import textwrap

print("side effects only")
