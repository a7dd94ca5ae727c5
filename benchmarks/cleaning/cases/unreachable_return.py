# expect nothing
def first(items):
    for item in items:
        return item
    return None
    print("done")  # <- unreachable


print(first([1]))
