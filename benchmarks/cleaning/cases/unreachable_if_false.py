# expect nothing
DEBUG = False

if False:  # <- unreachable
    print("debugging")

print(DEBUG)
