# expect variables: unused_local
def compute(x):
    doubled = x * 2
    unused_local = x * 3
    return doubled


print(compute(2))
