# expect imports: exists, basename
from os.path import basename, exists, join

print(join("a", "b"))
