"""The tenth set of broken snippets: written as a held-out set by someone who had not read the
rules, run once (27/30 parsed within 4 token edits, 25/30 as intended), then used to change
them. Part of ``cases.CASES``."""

TENTH: list[tuple[str, str, str]] = [
    ("word-count-print-unclosed-paren",
        # broken
        ("def count_words(path):\n"
         "    counts = {}\n"
         "    with open(path) as f:\n"
         "        for line in f:\n"
         "            for word in line.lower().split():\n"
         "                counts[word] = counts.get(word, 0) + 1\n"
         "    return counts\n"
         "\n"
         "\n"
         'counts = count_words("story.txt")\n'
         'print("Unique words:", len(counts)\n'
         "for word, n in sorted(counts.items(), key=lambda kv: kv[1], reverse=True)[:10]:\n"
         "    print(word, n)\n"),
        # intended
        ("def count_words(path):\n"
         "    counts = {}\n"
         "    with open(path) as f:\n"
         "        for line in f:\n"
         "            for word in line.lower().split():\n"
         "                counts[word] = counts.get(word, 0) + 1\n"
         "    return counts\n"
         "\n"
         "\n"
         'counts = count_words("story.txt")\n'
         'print("Unique words:", len(counts))\n'
         "for word, n in sorted(counts.items(), key=lambda kv: kv[1], reverse=True)[:10]:\n"
         "    print(word, n)\n")),
    ("settings-dict-missing-comma",
        # broken
        ("import json\n"
         "\n"
         "settings = {\n"
         '    "host": "localhost",\n'
         '    "port": 8080,\n'
         '    "debug": True\n'
         '    "workers": 4,\n'
         '    "log_file": "server.log"\n'
         "}\n"
         "\n"
         'with open("settings.json", "w") as f:\n'
         "    json.dump(settings, f, indent=2)\n"
         'print("saved")\n'),
        # intended
        ("import json\n"
         "\n"
         "settings = {\n"
         '    "host": "localhost",\n'
         '    "port": 8080,\n'
         '    "debug": True,\n'
         '    "workers": 4,\n'
         '    "log_file": "server.log"\n'
         "}\n"
         "\n"
         'with open("settings.json", "w") as f:\n'
         "    json.dump(settings, f, indent=2)\n"
         'print("saved")\n')),
    ("menu-loop-assign-instead-of-eq",
        # broken
        ("items = []\n"
         "while True:\n"
         '    print("1) add  2) list  q) quit")\n'
         '    choice = input("> ")\n'
         '    if choice = "q":\n'
         "        break\n"
         '    elif choice == "1":\n'
         '        item = input("Item: ")\n'
         "        items.append(item)\n"
         '    elif choice == "2":\n'
         "        for i in items:\n"
         '            print("-", i)\n'),
        # intended
        ("items = []\n"
         "while True:\n"
         '    print("1) add  2) list  q) quit")\n'
         '    choice = input("> ")\n'
         '    if choice == "q":\n'
         "        break\n"
         '    elif choice == "1":\n'
         '        item = input("Item: ")\n'
         "        items.append(item)\n"
         '    elif choice == "2":\n'
         "        for i in items:\n"
         '            print("-", i)\n')),
    ("sign-check-else-if",
        # broken
        ("def describe(n):\n"
         "    if n > 0:\n"
         '        return "positive"\n'
         "    else if n < 0:\n"
         '        return "negative"\n'
         "    else:\n"
         '        return "zero"\n'
         "\n"
         "\n"
         "for x in [3, -1, 0]:\n"
         "    print(x, describe(x))\n"),
        # intended
        ("def describe(n):\n"
         "    if n > 0:\n"
         '        return "positive"\n'
         "    elif n < 0:\n"
         '        return "negative"\n'
         "    else:\n"
         '        return "zero"\n'
         "\n"
         "\n"
         "for x in [3, -1, 0]:\n"
         "    print(x, describe(x))\n")),
    ("py2-print-and-except-comma",
        # broken
        ("import urllib.request\n"
         "\n"
         "def fetch(url):\n"
         "    try:\n"
         "        resp = urllib.request.urlopen(url)\n"
         "        data = resp.read()\n"
         "    except ValueError, e:\n"
         '        print("bad url:", e)\n'
         "        return None\n"
         '    print "got %d bytes" % len(data)\n'
         "    return data\n"
         "\n"
         'fetch("https://example.com")\n'),
        # intended
        ("import urllib.request\n"
         "\n"
         "def fetch(url):\n"
         "    try:\n"
         "        resp = urllib.request.urlopen(url)\n"
         "        data = resp.read()\n"
         "    except ValueError as e:\n"
         '        print("bad url:", e)\n'
         "        return None\n"
         '    print("got %d bytes" % len(data))\n'
         "    return data\n"
         "\n"
         'fetch("https://example.com")\n')),
    ("average-loop-overindented-line",
        # broken
        ("numbers = []\n"
         "for i in range(5):\n"
         '    n = float(input("Number %d: " % (i + 1)))\n'
         "    numbers.append(n)\n"
         "\n"
         "total = sum(numbers)\n"
         "    average = total / len(numbers)\n"
         'print("Total:", total)\n'
         'print("Average:", average)\n'),
        # intended
        ("numbers = []\n"
         "for i in range(5):\n"
         '    n = float(input("Number %d: " % (i + 1)))\n'
         "    numbers.append(n)\n"
         "\n"
         "total = sum(numbers)\n"
         "average = total / len(numbers)\n"
         'print("Total:", total)\n'
         'print("Average:", average)\n')),
    ("class-method-unindent-mismatch",
        # broken
        ("class BankAccount:\n"
         "    def __init__(self, owner, balance=0):\n"
         "        self.owner = owner\n"
         "        self.balance = balance\n"
         "\n"
         "    def deposit(self, amount):\n"
         "        if amount <= 0:\n"
         '            raise ValueError("amount must be positive")\n'
         "      self.balance += amount\n"
         "        return self.balance\n"
         "\n"
         "    def withdraw(self, amount):\n"
         "        if amount > self.balance:\n"
         '            raise ValueError("insufficient funds")\n'
         "        self.balance -= amount\n"
         "        return self.balance\n"),
        # intended
        ("class BankAccount:\n"
         "    def __init__(self, owner, balance=0):\n"
         "        self.owner = owner\n"
         "        self.balance = balance\n"
         "\n"
         "    def deposit(self, amount):\n"
         "        if amount <= 0:\n"
         '            raise ValueError("amount must be positive")\n'
         "        self.balance += amount\n"
         "        return self.balance\n"
         "\n"
         "    def withdraw(self, amount):\n"
         "        if amount > self.balance:\n"
         '            raise ValueError("insufficient funds")\n'
         "        self.balance -= amount\n"
         "        return self.balance\n")),
    ("pairs-append-extra-close-paren",
        # broken
        ("def make_pairs(names, ages):\n"
         "    result = []\n"
         "    for i in range(len(names)):\n"
         "        result.append((names[i], ages[i])))\n"
         "    return result\n"
         "\n"
         "\n"
         'people = make_pairs(["Ann", "Bob"], [31, 25])\n'
         "for name, age in people:\n"
         '    print(f"{name} is {age}")\n'),
        # intended
        ("def make_pairs(names, ages):\n"
         "    result = []\n"
         "    for i in range(len(names)):\n"
         "        result.append((names[i], ages[i]))\n"
         "    return result\n"
         "\n"
         "\n"
         'people = make_pairs(["Ann", "Bob"], [31, 25])\n'
         "for name, age in people:\n"
         '    print(f"{name} is {age}")\n')),
    ("factorial-recursion-missing-minus",
        # broken
        ("def factorial(n):\n"
         "    if n <= 1:\n"
         "        return 1\n"
         "    return n * factorial(n 1)\n"
         "\n"
         "\n"
         'num = int(input("n = "))\n'
         'print(f"{num}! = {factorial(num)}")\n'),
        # intended
        ("def factorial(n):\n"
         "    if n <= 1:\n"
         "        return 1\n"
         "    return n * factorial(n - 1)\n"
         "\n"
         "\n"
         'num = int(input("n = "))\n'
         'print(f"{num}! = {factorial(num)}")\n')),
    ("find-max-retrun-typo",
        # broken
        ("def find_max(values):\n"
         "    if not values:\n"
         "        return None\n"
         "    best = values[0]\n"
         "    for v in values[1:]:\n"
         "        if v > best:\n"
         "            best = v\n"
         "    retrun best\n"
         "\n"
         "\n"
         "print(find_max([4, 9, 2, 7]))\n"),
        # intended
        ("def find_max(values):\n"
         "    if not values:\n"
         "        return None\n"
         "    best = values[0]\n"
         "    for v in values[1:]:\n"
         "        if v > best:\n"
         "            best = v\n"
         "    return best\n"
         "\n"
         "\n"
         "print(find_max([4, 9, 2, 7]))\n")),
    ("guess-game-whlie-and-missing-colon",
        # broken
        ("import random\n"
         "\n"
         "secret = random.randint(1, 100)\n"
         "guess = None\n"
         "tries = 0\n"
         "\n"
         "whlie guess != secret:\n"
         '    guess = int(input("Guess: "))\n'
         "    tries += 1\n"
         "    if guess < secret:\n"
         '        print("Too low")\n'
         "    elif guess > secret\n"
         '        print("Too high")\n'
         "\n"
         'print("Got it in", tries, "tries")\n'),
        # intended
        ("import random\n"
         "\n"
         "secret = random.randint(1, 100)\n"
         "guess = None\n"
         "tries = 0\n"
         "\n"
         "while guess != secret:\n"
         '    guess = int(input("Guess: "))\n'
         "    tries += 1\n"
         "    if guess < secret:\n"
         '        print("Too low")\n'
         "    elif guess > secret:\n"
         '        print("Too high")\n'
         "\n"
         'print("Got it in", tries, "tries")\n')),
    ("even-odd-esle-typo",
        # broken
        ("nums = [1, 2, 3, 4, 5, 6]\n"
         "evens = []\n"
         "odds = []\n"
         "for n in nums:\n"
         "    if n % 2 == 0:\n"
         "        evens.append(n)\n"
         "    esle:\n"
         "        odds.append(n)\n"
         'print("evens:", evens)\n'
         'print("odds:", odds)\n'),
        # intended
        ("nums = [1, 2, 3, 4, 5, 6]\n"
         "evens = []\n"
         "odds = []\n"
         "for n in nums:\n"
         "    if n % 2 == 0:\n"
         "        evens.append(n)\n"
         "    else:\n"
         "        odds.append(n)\n"
         'print("evens:", evens)\n'
         'print("odds:", odds)\n')),
    ("greeting-input-prompt-missing-quotes",
        # broken
        ('name = input("What is your name? ")\n'
         "age = int(input(How old are you? ))\n"
         "\n"
         "if age < 18:\n"
         '    print("Hi", name, "- you are a minor")\n'
         "else:\n"
         '    print("Hello", name)\n'),
        # intended
        ('name = input("What is your name? ")\n'
         'age = int(input("How old are you? "))\n'
         "\n"
         "if age < 18:\n"
         '    print("Hi", name, "- you are a minor")\n'
         "else:\n"
         '    print("Hello", name)\n')),
    ("receipt-fstring-format-spec-unclosed-brace",
        # broken
        ('items = {"apple": 0.5, "bread": 2.25, "milk": 1.1}\n'
         "\n"
         "total = 0\n"
         "for name, price in items.items():\n"
         '    print(f"{name:<10} {price:>6.2f")\n'
         "    total += price\n"
         "\n"
         'print("-" * 17)\n'
         'print(f"{\'TOTAL\':<10} {total:>6.2f}")\n'),
        # intended
        ('items = {"apple": 0.5, "bread": 2.25, "milk": 1.1}\n'
         "\n"
         "total = 0\n"
         "for name, price in items.items():\n"
         '    print(f"{name:<10} {price:>6.2f}")\n'
         "    total += price\n"
         "\n"
         'print("-" * 17)\n'
         'print(f"{\'TOTAL\':<10} {total:>6.2f}")\n')),
    ("pandas-sort-walrus-keyword-arg",
        # broken
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("products.csv")\n'
         'df = df[df["stock"] > 0]\n'
         'top = df.sort_values(by="price", ascending:=False).head(5)\n'
         'print(top[["name", "price"]])\n'),
        # intended
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("products.csv")\n'
         'df = df[df["stock"] > 0]\n'
         'top = df.sort_values(by="price", ascending=False).head(5)\n'
         'print(top[["name", "price"]])\n')),
    ("student-class-keyword-as-variable",
        # broken
        ("students = []\n"
         "while True:\n"
         '    name = input("Name (blank to stop): ")\n'
         "    if not name:\n"
         "        break\n"
         '    class = input("Class: ")\n'
         '    students.append({"name": name, "class": class})\n'
         "\n"
         "for s in students:\n"
         '    print(s["name"], "->", s["class"])\n'),
        # intended
        ("students = []\n"
         "while True:\n"
         '    name = input("Name (blank to stop): ")\n'
         "    if not name:\n"
         "        break\n"
         '    class_ = input("Class: ")\n'
         '    students.append({"name": name, "class": class_})\n'
         "\n"
         "for s in students:\n"
         '    print(s["name"], "->", s["class"])\n')),
    ("login-check-js-and-or",
        # broken
        ('users = {"admin": "secret", "guest": "guest"}\n'
         "\n"
         'username = input("user: ")\n'
         'password = input("pass: ")\n'
         "\n"
         "if username in users && users[username] == password:\n"
         '    print("Welcome,", username)\n'
         'elif username == "" || password == "":\n'
         '    print("Please fill in both fields")\n'
         "else:\n"
         '    print("Invalid login")\n'),
        # intended
        ('users = {"admin": "secret", "guest": "guest"}\n'
         "\n"
         'username = input("user: ")\n'
         'password = input("pass: ")\n'
         "\n"
         "if username in users and users[username] == password:\n"
         '    print("Welcome,", username)\n'
         'elif username == "" or password == "":\n'
         '    print("Please fill in both fields")\n'
         "else:\n"
         '    print("Invalid login")\n')),
    ("search-list-bang-not-and-plus-plus",
        # broken
        ("def contains(items, target):\n"
         "    found = False\n"
         "    checked = 0\n"
         "    for item in items:\n"
         "        checked++\n"
         "        if item == target:\n"
         "            found = True\n"
         "            break\n"
         "    if !found:\n"
         '        print(target, "not in list after", checked, "checks")\n'
         "    return found\n"
         "\n"
         "\n"
         'contains(["a", "b", "c"], "d")\n'),
        # intended
        ("def contains(items, target):\n"
         "    found = False\n"
         "    checked = 0\n"
         "    for item in items:\n"
         "        checked += 1\n"
         "        if item == target:\n"
         "            found = True\n"
         "            break\n"
         "    if not found:\n"
         '        print(target, "not in list after", checked, "checks")\n'
         "    return found\n"
         "\n"
         "\n"
         'contains(["a", "b", "c"], "d")\n')),
    ("temperature-if-braces-block",
        # broken
        ('temp = float(input("Temperature in C: "))\n'
         "\n"
         "if (temp > 30) {\n"
         '    print("It\'s hot")\n'
         '    print("Drink water")\n'
         "}\n"
         "\n"
         'print("F =", temp * 9 / 5 + 32)\n'),
        # intended
        ('temp = float(input("Temperature in C: "))\n'
         "\n"
         "if (temp > 30):\n"
         '    print("It\'s hot")\n'
         '    print("Drink water")\n'
         "\n"
         'print("F =", temp * 9 / 5 + 32)\n')),
    ("greet-function-keyword-and-unclosed-string",
        # broken
        ('function greet(name, greeting="Hello"):\n'
         '    message = greeting + ", " + name + "!"\n'
         "    return message\n"
         "\n"
         "\n"
         'print(greet("Sam"))\n'
         'print(greet("Alex", "Good morning))\n'),
        # intended
        ('def greet(name, greeting="Hello"):\n'
         '    message = greeting + ", " + name + "!"\n'
         "    return message\n"
         "\n"
         "\n"
         'print(greet("Sam"))\n'
         'print(greet("Alex", "Good morning"))\n')),
    ("quote-printer-smart-quotes",
        # broken
        ("quotes = [\n"
         '    "Simple is better than complex.",\n'
         "    \u201cReadability counts.\u201d,\n"
         "]\n"
         "\n"
         "for i, q in enumerate(quotes, start=1):\n"
         '    print(f"{i}. {q}")\n'
         'print("Done")\n'),
        # intended
        ("quotes = [\n"
         '    "Simple is better than complex.",\n'
         '    "Readability counts.",\n'
         "]\n"
         "\n"
         "for i, q in enumerate(quotes, start=1):\n"
         '    print(f"{i}. {q}")\n'
         'print("Done")\n')),
    ("rectangle-unicode-minus-and-times",
        # broken
        ('width = float(input("width: "))\n'
         'height = float(input("height: "))\n'
         "border = 2\n"
         "\n"
         "inner_w = width \u2212 2 * border\n"
         "inner_h = height - 2 * border\n"
         "area = inner_w \xd7 inner_h\n"
         'print("inner area:", area)\n'),
        # intended
        ('width = float(input("width: "))\n'
         'height = float(input("height: "))\n'
         "border = 2\n"
         "\n"
         "inner_w = width - 2 * border\n"
         "inner_h = height - 2 * border\n"
         "area = inner_w * inner_h\n"
         'print("inner area:", area)\n')),
    ("csv-rows-range-len-missing-paren",
        # broken
        ("import csv\n"
         "\n"
         'with open("scores.csv", newline="") as f:\n'
         "    rows = list(csv.reader(f))\n"
         "\n"
         "header = rows[0]\n"
         "for i in range(1, len(rows):\n"
         "    name, score = rows[i][0], int(rows[i][1])\n"
         "    if score > 50:\n"
         "        print(i, name, score)\n"),
        # intended
        ("import csv\n"
         "\n"
         'with open("scores.csv", newline="") as f:\n'
         "    rows = list(csv.reader(f))\n"
         "\n"
         "header = rows[0]\n"
         "for i in range(1, len(rows)):\n"
         "    name, score = rows[i][0], int(rows[i][1])\n"
         "    if score > 50:\n"
         "        print(i, name, score)\n")),
    ("typed-helpers-return-annotation-missing-colon",
        # broken
        ("def square(x: int) -> int:\n"
         "    return x * x\n"
         "\n"
         "\n"
         "def cube(x: int) -> int\n"
         "    return x * square(x)\n"
         "\n"
         "\n"
         "def describe(n: int) -> str:\n"
         '    return f"{n}: square={square(n)}, cube={cube(n)}"\n'
         "\n"
         "\n"
         "for n in range(1, 4):\n"
         "    print(describe(n))\n"),
        # intended
        ("def square(x: int) -> int:\n"
         "    return x * x\n"
         "\n"
         "\n"
         "def cube(x: int) -> int:\n"
         "    return x * square(x)\n"
         "\n"
         "\n"
         "def describe(n: int) -> str:\n"
         '    return f"{n}: square={square(n)}, cube={cube(n)}"\n'
         "\n"
         "\n"
         "for n in range(1, 4):\n"
         "    print(describe(n))\n")),
    ("sort-lambda-with-return-and-list-missing-comma",
        # broken
        ("employees = [\n"
         '    {"name": "Ann", "salary": 5200},\n'
         '    {"name": "Bob", "salary": 4100}\n'
         '    {"name": "Cid", "salary": 6100},\n'
         "]\n"
         "\n"
         'by_salary = sorted(employees, key=lambda e: return e["salary"])\n'
         "for e in by_salary:\n"
         '    print(e["name"], e["salary"])\n'),
        # intended
        ("employees = [\n"
         '    {"name": "Ann", "salary": 5200},\n'
         '    {"name": "Bob", "salary": 4100},\n'
         '    {"name": "Cid", "salary": 6100},\n'
         "]\n"
         "\n"
         'by_salary = sorted(employees, key=lambda e: e["salary"])\n'
         "for e in by_salary:\n"
         '    print(e["name"], e["salary"])\n')),
    ("sql-query-backslash-trailing-space",
        # broken
        ('table = "orders"\n'
         'status = "shipped"\n'
         'query = "SELECT id, total FROM " + table + \\ \n'
         '        " WHERE status = \'" + status + "\'"\n'
         "print(query)\n"),
        # intended
        ('table = "orders"\n'
         'status = "shipped"\n'
         'query = "SELECT id, total FROM " + table + \\\n'
         '        " WHERE status = \'" + status + "\'"\n'
         "print(query)\n")),
    ("flask-route-def-missing-colon-and-jsonify-dict",
        # broken
        ("from flask import Flask, jsonify, request\n"
         "\n"
         "app = Flask(__name__)\n"
         "\n"
         '@app.route("/api/users/<int:user_id>")\n'
         "def get_user(user_id)\n"
         '    verbose = request.args.get("verbose", "0") == "1"\n'
         '    user = {"id": user_id, "name": "user%d" % user_id\n'
         "    if verbose:\n"
         '        user["detail"] = "extra info"\n'
         "    return jsonify(user)\n"
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n"),
        # intended
        ("from flask import Flask, jsonify, request\n"
         "\n"
         "app = Flask(__name__)\n"
         "\n"
         '@app.route("/api/users/<int:user_id>")\n'
         "def get_user(user_id):\n"
         '    verbose = request.args.get("verbose", "0") == "1"\n'
         '    user = {"id": user_id, "name": "user%d" % user_id}\n'
         "    if verbose:\n"
         '        user["detail"] = "extra info"\n'
         "    return jsonify(user)\n"
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n")),
    ("weather-requests-try-colon-and-call-comma",
        # broken
        ("import requests\n"
         "\n"
         "def get_weather(city):\n"
         '    url = "https://api.example.com/weather"\n'
         '    params = {"q": city, "units": "metric"}\n'
         "    try\n"
         "        resp = requests.get(url params=params, timeout=10)\n"
         "        resp.raise_for_status()\n"
         "    except requests.RequestException as err:\n"
         '        print("request failed:", err)\n'
         "        return None\n"
         "    data = resp.json()\n"
         '    return data["main"]["temp"]\n'
         "\n"
         "\n"
         'print(get_weather("Oslo"))\n'),
        # intended
        ("import requests\n"
         "\n"
         "def get_weather(city):\n"
         '    url = "https://api.example.com/weather"\n'
         '    params = {"q": city, "units": "metric"}\n'
         "    try:\n"
         "        resp = requests.get(url, params=params, timeout=10)\n"
         "        resp.raise_for_status()\n"
         "    except requests.RequestException as err:\n"
         '        print("request failed:", err)\n'
         "        return None\n"
         "    data = resp.json()\n"
         '    return data["main"]["temp"]\n'
         "\n"
         "\n"
         'print(get_weather("Oslo"))\n')),
    ("cart-total-tab-mixed-with-spaces",
        # broken
        ("def total_price(cart):\n"
         "    total = 0\n"
         "    for item in cart:\n"
         '        price = item["price"]\n'
         '\tqty = item.get("qty", 1)\n'
         "        total += price * qty\n"
         "    return total\n"
         "\n"
         "\n"
         'cart = [{"price": 2.5, "qty": 2}, {"price": 10}]\n'
         'print("Total:", total_price(cart))\n'),
        # intended
        ("def total_price(cart):\n"
         "    total = 0\n"
         "    for item in cart:\n"
         '        price = item["price"]\n'
         '        qty = item.get("qty", 1)\n'
         "        total += price * qty\n"
         "    return total\n"
         "\n"
         "\n"
         'cart = [{"price": 2.5, "qty": 2}, {"price": 10}]\n'
         'print("Total:", total_price(cart))\n')),
    ("inventory-list-missing-close-bracket",
        # broken
        ("inventory = [\n"
         '    ("apples", 10, 0.5),\n'
         '    ("pears", 4, 0.75),\n'
         '    ("plums", 0, 1.2),\n'
         "\n"
         "in_stock = [name for name, qty, price in inventory if qty > 0]\n"
         "value = sum(qty * price for name, qty, price in inventory)\n"
         'print("in stock:", ", ".join(in_stock))\n'
         'print("stock value: %.2f" % value)\n'),
        # intended
        ("inventory = [\n"
         '    ("apples", 10, 0.5),\n'
         '    ("pears", 4, 0.75),\n'
         '    ("plums", 0, 1.2),\n'
         "]\n"
         "\n"
         "in_stock = [name for name, qty, price in inventory if qty > 0]\n"
         "value = sum(qty * price for name, qty, price in inventory)\n"
         'print("in stock:", ", ".join(in_stock))\n'
         'print("stock value: %.2f" % value)\n')),
]
