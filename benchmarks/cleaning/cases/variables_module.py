# expect variables: CONSTANT_DEAD
USED = 3
CONSTANT_DEAD = 5

print(USED)
