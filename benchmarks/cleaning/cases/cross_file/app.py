# expect nothing
from lib.api import Reader, parse

print(parse("a b"), Reader().read_all())
