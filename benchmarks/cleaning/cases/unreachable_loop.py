# expect nothing
for n in range(3):
    if n:
        continue
        print("skipped")  # <- unreachable
    print(n)

while True:
    break
    print("never")  # <- unreachable
