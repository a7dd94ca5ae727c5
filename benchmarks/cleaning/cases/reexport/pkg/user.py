# expect nothing
from pkg.helpers import compute

print(compute())
