# expect functions: _never_sorted
def by_length(word):
    return len(word)


def _never_sorted(word):
    return word[::-1]


words = sorted(["bb", "a"], key=by_length)
print(list(map(lambda w: w.upper(), words)))
