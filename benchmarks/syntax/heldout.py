"""Held-out broken snippets: written after the rules, never used to change them.

Pieces shaped like the code people paste into questions about a syntax error: a script of a
few functions with a mistake or two, often far from where Python reports it. Each comes with
the fix its author meant. ``python -m benchmarks.syntax`` reports these apart from
``cases.CASES`` (the snippets the rules were written against). A held-out set used to change
the rules moves to ``cases.CASES`` and a new one is written.
"""

HELDOUT: list[tuple[str, str, str]] = [
    ("age-category-int-input-missing-paren",
        # broken
        ("def ask_age():\n"
         '    age = int(input("Enter your age: ")\n'
         "    if age < 0:\n"
         '        print("Age cannot be negative")\n'
         "        return None\n"
         "    return age\n"
         "\n"
         "def category(age):\n"
         "    if age < 13:\n"
         '        return "child"\n'
         "    elif age < 20:\n"
         '        return "teenager"\n'
         '    return "adult"\n'
         "\n"
         "age = ask_age()\n"
         "if age is not None:\n"
         '    print("You are a", category(age))\n'),
        # intended
        ("def ask_age():\n"
         '    age = int(input("Enter your age: "))\n'
         "    if age < 0:\n"
         '        print("Age cannot be negative")\n'
         "        return None\n"
         "    return age\n"
         "\n"
         "def category(age):\n"
         "    if age < 13:\n"
         '        return "child"\n'
         "    elif age < 20:\n"
         '        return "teenager"\n'
         '    return "adult"\n'
         "\n"
         "age = ask_age()\n"
         "if age is not None:\n"
         '    print("You are a", category(age))\n')),
    ("pandas-sales-columns-list-unclosed-and-for-colon",
        # broken
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("sales.csv")\n'
         'cols = ["region", "product",\n'
         '        "units", "revenue"\n'
         "df = df[cols]\n"
         "\n"
         'summary = df.groupby("region")["revenue"].sum()\n'
         "for region, total in summary.items()\n"
         '    print(f"{region}: {total:,.2f}")\n'
         "\n"
         'top = df.sort_values("revenue", ascending=False).head(5)\n'
         'top.to_csv("top5.csv", index=False)\n'),
        # intended
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("sales.csv")\n'
         'cols = ["region", "product",\n'
         '        "units", "revenue"]\n'
         "df = df[cols]\n"
         "\n"
         'summary = df.groupby("region")["revenue"].sum()\n'
         "for region, total in summary.items():\n"
         '    print(f"{region}: {total:,.2f}")\n'
         "\n"
         'top = df.sort_values("revenue", ascending=False).head(5)\n'
         'top.to_csv("top5.csv", index=False)\n')),
    ("discord-ping-command-await-in-plain-def",
        # broken
        ("import discord\n"
         "from discord.ext import commands\n"
         "\n"
         "intents = discord.Intents.default()\n"
         "intents.message_content = True\n"
         'bot = commands.Bot(command_prefix="!", intents=intents)\n'
         "\n"
         "@bot.event\n"
         "async def on_ready():\n"
         '    print(f"Logged in as {bot.user}")\n'
         "\n"
         "@bot.command()\n"
         "def ping(ctx):\n"
         "    latency = round(bot.latency * 1000)\n"
         '    await ctx.send(f"Pong! {latency}ms")\n'
         "\n"
         'bot.run("TOKEN")\n'),
        # intended
        ("import discord\n"
         "from discord.ext import commands\n"
         "\n"
         "intents = discord.Intents.default()\n"
         "intents.message_content = True\n"
         'bot = commands.Bot(command_prefix="!", intents=intents)\n'
         "\n"
         "@bot.event\n"
         "async def on_ready():\n"
         '    print(f"Logged in as {bot.user}")\n'
         "\n"
         "@bot.command()\n"
         "async def ping(ctx):\n"
         "    latency = round(bot.latency * 1000)\n"
         '    await ctx.send(f"Pong! {latency}ms")\n'
         "\n"
         'bot.run("TOKEN")\n')),
    ("py2-jpeg-rename-except-comma-and-print-statement",
        # broken
        ("import os\n"
         "import sys\n"
         "\n"
         "folder = sys.argv[1]\n"
         "count = 0\n"
         "for name in os.listdir(folder):\n"
         '    if name.endswith(".jpeg"):\n'
         '        new_name = name[:-5] + ".jpg"\n'
         "        try:\n"
         "            os.rename(os.path.join(folder, name), os.path.join(folder, new_name))\n"
         "            count += 1\n"
         "        except OSError, e:\n"
         '            print("Could not rename %s: %s" % (name, e))\n'
         'print "Renamed %d files" % count\n'),
        # intended
        ("import os\n"
         "import sys\n"
         "\n"
         "folder = sys.argv[1]\n"
         "count = 0\n"
         "for name in os.listdir(folder):\n"
         '    if name.endswith(".jpeg"):\n'
         '        new_name = name[:-5] + ".jpg"\n'
         "        try:\n"
         "            os.rename(os.path.join(folder, name), os.path.join(folder, new_name))\n"
         "            count += 1\n"
         "        except OSError as e:\n"
         '            print("Could not rename %s: %s" % (name, e))\n'
         'print("Renamed %d files" % count)\n')),
    ("flask-login-request-method-if-missing-colon",
        # broken
        ("from flask import Flask, request, redirect, render_template\n"
         "\n"
         "app = Flask(__name__)\n"
         "\n"
         '@app.route("/login", methods=["GET", "POST"])\n'
         "def login():\n"
         '    if request.method == "POST"\n'
         '        username = request.form["username"]\n'
         '        password = request.form["password"]\n'
         '        if username == "admin" and password == "secret":\n'
         '            return redirect("/dashboard")\n'
         '        return render_template("login.html", error="Invalid credentials")\n'
         '    return render_template("login.html")\n'
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n"),
        # intended
        ("from flask import Flask, request, redirect, render_template\n"
         "\n"
         "app = Flask(__name__)\n"
         "\n"
         '@app.route("/login", methods=["GET", "POST"])\n'
         "def login():\n"
         '    if request.method == "POST":\n'
         '        username = request.form["username"]\n'
         '        password = request.form["password"]\n'
         '        if username == "admin" and password == "secret":\n'
         '            return redirect("/dashboard")\n'
         '        return render_template("login.html", error="Invalid credentials")\n'
         '    return render_template("login.html")\n'
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n")),
    ("student-class-init-params-missing-comma",
        # broken
        ("class Student:\n"
         "    def __init__(self, name, age grades):\n"
         "        self.name = name\n"
         "        self.age = age\n"
         "        self.grades = grades\n"
         "\n"
         "    def average(self):\n"
         "        if not self.grades:\n"
         "            return 0\n"
         "        return sum(self.grades) / len(self.grades)\n"
         "\n"
         'students = [Student("Ana", 20, [90, 85]), Student("Ben", 22, [70, 65, 80])]\n'
         "for s in students:\n"
         "    print(s.name, round(s.average(), 1))\n"),
        # intended
        ("class Student:\n"
         "    def __init__(self, name, age, grades):\n"
         "        self.name = name\n"
         "        self.age = age\n"
         "        self.grades = grades\n"
         "\n"
         "    def average(self):\n"
         "        if not self.grades:\n"
         "            return 0\n"
         "        return sum(self.grades) / len(self.grades)\n"
         "\n"
         'students = [Student("Ana", 20, [90, 85]), Student("Ben", 22, [70, 65, 80])]\n'
         "for s in students:\n"
         "    print(s.name, round(s.average(), 1))\n")),
    ("word-frequency-tab-indented-line-among-spaces",
        # broken
        ("def count_words(path):\n"
         "    counts = {}\n"
         "    with open(path) as f:\n"
         "        for line in f:\n"
         "            for word in line.split():\n"
         '                word = word.lower().strip(".,!?")\n'
         "\t\t\t\tcounts[word] = counts.get(word, 0) + 1\n"
         "    return counts\n"
         "\n"
         'result = count_words("book.txt")\n'
         "for word, n in sorted(result.items(), key=lambda kv: kv[1], reverse=True)[:10]:\n"
         "    print(word, n)\n"),
        # intended
        ("def count_words(path):\n"
         "    counts = {}\n"
         "    with open(path) as f:\n"
         "        for line in f:\n"
         "            for word in line.split():\n"
         '                word = word.lower().strip(".,!?")\n'
         "                counts[word] = counts.get(word, 0) + 1\n"
         "    return counts\n"
         "\n"
         'result = count_words("book.txt")\n'
         "for word, n in sorted(result.items(), key=lambda kv: kv[1], reverse=True)[:10]:\n"
         "    print(word, n)\n")),
    ("number-guess-too-high-unterminated-string",
        # broken
        ("import random\n"
         "\n"
         "secret = random.randint(1, 100)\n"
         "tries = 0\n"
         "while True:\n"
         '    guess = int(input("Guess a number between 1 and 100: "))\n'
         "    tries += 1\n"
         "    if guess < secret:\n"
         '        print("Too low!")\n'
         "    elif guess > secret:\n"
         '        print("Too high!)\n'
         "    else:\n"
         '        print(f"Correct! You needed {tries} tries.")\n'
         "        break\n"),
        # intended
        ("import random\n"
         "\n"
         "secret = random.randint(1, 100)\n"
         "tries = 0\n"
         "while True:\n"
         '    guess = int(input("Guess a number between 1 and 100: "))\n'
         "    tries += 1\n"
         "    if guess < secret:\n"
         '        print("Too low!")\n'
         "    elif guess > secret:\n"
         '        print("Too high!")\n'
         "    else:\n"
         '        print(f"Correct! You needed {tries} tries.")\n'
         "        break\n")),
    ("todo-menu-assign-in-if-and-extra-paren",
        # broken
        ("def show_menu():\n"
         '    print("1) Add item")\n'
         '    print("2) Show list")\n'
         '    print("3) Quit")\n'
         "\n"
         "items = []\n"
         "while True:\n"
         "    show_menu()\n"
         '    choice = input("> ")\n'
         '    if choice = "1":\n'
         '        items.append(input("Item: ")))\n'
         '    elif choice == "2":\n'
         "        for i, item in enumerate(items, 1):\n"
         "            print(i, item)\n"
         '    elif choice == "3":\n'
         "        break\n"
         "    else:\n"
         '        print("Invalid choice")\n'),
        # intended
        ("def show_menu():\n"
         '    print("1) Add item")\n'
         '    print("2) Show list")\n'
         '    print("3) Quit")\n'
         "\n"
         "items = []\n"
         "while True:\n"
         "    show_menu()\n"
         '    choice = input("> ")\n'
         '    if choice == "1":\n'
         '        items.append(input("Item: "))\n'
         '    elif choice == "2":\n'
         "        for i, item in enumerate(items, 1):\n"
         "            print(i, item)\n"
         '    elif choice == "3":\n'
         "        break\n"
         "    else:\n"
         '        print("Invalid choice")\n')),
    ("bs4-find-all-class-keyword-argument",
        # broken
        ("import requests\n"
         "from bs4 import BeautifulSoup\n"
         "\n"
         'url = "https://example.com/news"\n'
         "page = requests.get(url)\n"
         'soup = BeautifulSoup(page.content, "html.parser")\n'
         "\n"
         'headlines = soup.find_all("h2", class="headline")\n'
         "for h in headlines:\n"
         '    link = h.find("a")\n'
         "    if link is not None:\n"
         '        print(h.get_text(strip=True), "->", link["href"])\n'),
        # intended
        ("import requests\n"
         "from bs4 import BeautifulSoup\n"
         "\n"
         'url = "https://example.com/news"\n'
         "page = requests.get(url)\n"
         'soup = BeautifulSoup(page.content, "html.parser")\n'
         "\n"
         'headlines = soup.find_all("h2", class_="headline")\n'
         "for h in headlines:\n"
         '    link = h.find("a")\n'
         "    if link is not None:\n"
         '        print(h.get_text(strip=True), "->", link["href"])\n')),
    ("csv-scores-best-player-unexpected-indent",
        # broken
        ("import csv\n"
         "\n"
         "def load_scores(path):\n"
         "    scores = {}\n"
         '    with open(path, newline="") as f:\n'
         "        reader = csv.DictReader(f)\n"
         "        for row in reader:\n"
         '            scores[row["name"]] = int(row["score"])\n'
         "    return scores\n"
         "\n"
         'scores = load_scores("scores.csv")\n'
         "# find the best player\n"
         "    best = max(scores, key=scores.get)\n"
         'print("Best player:", best, scores[best])\n'),
        # intended
        ("import csv\n"
         "\n"
         "def load_scores(path):\n"
         "    scores = {}\n"
         '    with open(path, newline="") as f:\n'
         "        reader = csv.DictReader(f)\n"
         "        for row in reader:\n"
         '            scores[row["name"]] = int(row["score"])\n'
         "    return scores\n"
         "\n"
         'scores = load_scores("scores.csv")\n'
         "# find the best player\n"
         "best = max(scores, key=scores.get)\n"
         'print("Best player:", best, scores[best])\n')),
    ("fizzbuzz-else-body-not-indented",
        # broken
        ("def fizzbuzz(n):\n"
         "    for i in range(1, n + 1):\n"
         "        if i % 15 == 0:\n"
         '            print("FizzBuzz")\n'
         "        elif i % 3 == 0:\n"
         '            print("Fizz")\n'
         "        elif i % 5 == 0:\n"
         '            print("Buzz")\n'
         "        else:\n"
         "        print(i)\n"
         "\n"
         "fizzbuzz(30)\n"),
        # intended
        ("def fizzbuzz(n):\n"
         "    for i in range(1, n + 1):\n"
         "        if i % 15 == 0:\n"
         '            print("FizzBuzz")\n'
         "        elif i % 3 == 0:\n"
         '            print("Fizz")\n'
         "        elif i % 5 == 0:\n"
         '            print("Buzz")\n'
         "        else:\n"
         "            print(i)\n"
         "\n"
         "fizzbuzz(30)\n")),
    ("bank-account-deposit-bad-dedent-and-withdraw-colon",
        # broken
        ("class BankAccount:\n"
         "    def __init__(self, owner, balance=0):\n"
         "        self.owner = owner\n"
         "        self.balance = balance\n"
         "\n"
         "    def deposit(self, amount):\n"
         "        if amount <= 0:\n"
         '            raise ValueError("Deposit must be positive")\n'
         "       self.balance += amount\n"
         "\n"
         "    def withdraw(self, amount)\n"
         "        if amount > self.balance:\n"
         '            raise ValueError("Insufficient funds")\n'
         "        self.balance -= amount\n"
         "\n"
         'acct = BankAccount("Sam", 100)\n'
         "acct.deposit(50)\n"
         "acct.withdraw(30)\n"
         "print(acct.balance)\n"),
        # intended
        ("class BankAccount:\n"
         "    def __init__(self, owner, balance=0):\n"
         "        self.owner = owner\n"
         "        self.balance = balance\n"
         "\n"
         "    def deposit(self, amount):\n"
         "        if amount <= 0:\n"
         '            raise ValueError("Deposit must be positive")\n'
         "        self.balance += amount\n"
         "\n"
         "    def withdraw(self, amount):\n"
         "        if amount > self.balance:\n"
         '            raise ValueError("Insufficient funds")\n'
         "        self.balance -= amount\n"
         "\n"
         'acct = BankAccount("Sam", 100)\n'
         "acct.deposit(50)\n"
         "acct.withdraw(30)\n"
         "print(acct.balance)\n")),
    ("json-config-catch-instead-of-except",
        # broken
        ("import json\n"
         "\n"
         "def load_config(path):\n"
         "    try:\n"
         "        with open(path) as f:\n"
         "            return json.load(f)\n"
         "    catch json.JSONDecodeError as e:\n"
         '        raise ValueError(f"Bad config file {path}: {e}")\n'
         "\n"
         "def get_port(config):\n"
         '    port = config.get("port", 8080)\n'
         "    if not 1 <= port <= 65535:\n"
         '        raise ValueError("Port out of range")\n'
         "    return port\n"
         "\n"
         'config = load_config("config.json")\n'
         'print("Listening on", get_port(config))\n'),
        # intended
        ("import json\n"
         "\n"
         "def load_config(path):\n"
         "    try:\n"
         "        with open(path) as f:\n"
         "            return json.load(f)\n"
         "    except json.JSONDecodeError as e:\n"
         '        raise ValueError(f"Bad config file {path}: {e}")\n'
         "\n"
         "def get_port(config):\n"
         '    port = config.get("port", 8080)\n'
         "    if not 1 <= port <= 65535:\n"
         '        raise ValueError("Port out of range")\n'
         "    return port\n"
         "\n"
         'config = load_config("config.json")\n'
         'print("Listening on", get_port(config))\n')),
    ("smtplib-report-email-smart-quotes",
        # broken
        ("import smtplib\n"
         "from email.message import EmailMessage\n"
         "\n"
         "msg = EmailMessage()\n"
         "msg[“Subject”] = “Weekly report”\n"
         'msg["From"] = "me@example.com"\n'
         'msg["To"] = "boss@example.com"\n'
         'msg.set_content("Please find the weekly numbers below.")\n'
         "\n"
         'with smtplib.SMTP("smtp.example.com", 587) as server:\n'
         "    server.starttls()\n"
         '    server.login("me@example.com", "app-password")\n'
         "    server.send_message(msg)\n"
         'print("Sent")\n'),
        # intended
        ("import smtplib\n"
         "from email.message import EmailMessage\n"
         "\n"
         "msg = EmailMessage()\n"
         'msg["Subject"] = "Weekly report"\n'
         'msg["From"] = "me@example.com"\n'
         'msg["To"] = "boss@example.com"\n'
         'msg.set_content("Please find the weekly numbers below.")\n'
         "\n"
         'with smtplib.SMTP("smtp.example.com", 587) as server:\n'
         "    server.starttls()\n"
         '    server.login("me@example.com", "app-password")\n'
         "    server.send_message(msg)\n"
         'print("Sent")\n')),
    ("pandas-read-excel-windows-path-unicode-escape",
        # broken
        ("import pandas as pd\n"
         "\n"
         'path = "C:\\Users\\nick\\Documents\\data.xlsx"\n'
         'df = pd.read_excel(path, sheet_name="Sheet1")\n'
         'df = df.dropna(subset=["Email"])\n'
         'df["Email"] = df["Email"].str.lower()\n'
         'df.to_excel(r"C:\\Users\\nick\\Documents\\clean.xlsx", index=False)\n'
         'print(len(df), "rows written")\n'),
        # intended
        ("import pandas as pd\n"
         "\n"
         'path = r"C:\\Users\\nick\\Documents\\data.xlsx"\n'
         'df = pd.read_excel(path, sheet_name="Sheet1")\n'
         'df = df.dropna(subset=["Email"])\n'
         'df["Email"] = df["Email"].str.lower()\n'
         'df.to_excel(r"C:\\Users\\nick\\Documents\\clean.xlsx", index=False)\n'
         'print(len(df), "rows written")\n')),
    ("requests-post-payload-dict-missing-comma",
        # broken
        ("import requests\n"
         "\n"
         "payload = {\n"
         '    "name": "Test Device",\n'
         '    "type": "sensor"\n'
         '    "location": {"lat": 52.52, "lon": 13.40},\n'
         '    "active": True,\n'
         "}\n"
         'headers = {"Authorization": "Bearer TOKEN", "Content-Type": "application/json"}\n'
         "\n"
         'resp = requests.post("https://api.example.com/devices", json=payload, headers=headers)\n'
         "if resp.status_code == 201:\n"
         '    print("Created", resp.json()["id"])\n'
         "else:\n"
         '    print("Error", resp.status_code, resp.text)\n'),
        # intended
        ("import requests\n"
         "\n"
         "payload = {\n"
         '    "name": "Test Device",\n'
         '    "type": "sensor",\n'
         '    "location": {"lat": 52.52, "lon": 13.40},\n'
         '    "active": True,\n'
         "}\n"
         'headers = {"Authorization": "Bearer TOKEN", "Content-Type": "application/json"}\n'
         "\n"
         'resp = requests.post("https://api.example.com/devices", json=payload, headers=headers)\n'
         "if resp.status_code == 201:\n"
         '    print("Created", resp.json()["id"])\n'
         "else:\n"
         '    print("Error", resp.status_code, resp.text)\n')),
    ("backup-age-check-else-left-at-body-indent",
        # broken
        ("import os\n"
         "import time\n"
         "\n"
         "def check_backups(folder, max_age_days=7):\n"
         "    now = time.time()\n"
         "    for name in os.listdir(folder):\n"
         "        path = os.path.join(folder, name)\n"
         "        age_days = (now - os.path.getmtime(path)) / 86400\n"
         "        if age_days > max_age_days:\n"
         '            print(f"OLD   {name} ({age_days:.0f} days)")\n'
         "            else:\n"
         '            print(f"OK    {name}")\n'
         "\n"
         'check_backups("/var/backups")\n'),
        # intended
        ("import os\n"
         "import time\n"
         "\n"
         "def check_backups(folder, max_age_days=7):\n"
         "    now = time.time()\n"
         "    for name in os.listdir(folder):\n"
         "        path = os.path.join(folder, name)\n"
         "        age_days = (now - os.path.getmtime(path)) / 86400\n"
         "        if age_days > max_age_days:\n"
         '            print(f"OLD   {name} ({age_days:.0f} days)")\n'
         "        else:\n"
         '            print(f"OK    {name}")\n'
         "\n"
         'check_backups("/var/backups")\n')),
    ("letter-grade-else-if-and-for-missing-colon",
        # broken
        ("def grade(score):\n"
         "    if score >= 90:\n"
         '        return "A"\n'
         "    else if score >= 80:\n"
         '        return "B"\n'
         "    elif score >= 70:\n"
         '        return "C"\n'
         "    else:\n"
         '        return "F"\n'
         "\n"
         "for s in [95, 83, 71, 40]\n"
         "    print(s, grade(s))\n"),
        # intended
        ("def grade(score):\n"
         "    if score >= 90:\n"
         '        return "A"\n'
         "    elif score >= 80:\n"
         '        return "B"\n'
         "    elif score >= 70:\n"
         '        return "C"\n'
         "    else:\n"
         '        return "F"\n'
         "\n"
         "for s in [95, 83, 71, 40]:\n"
         "    print(s, grade(s))\n")),
    ("sqlite-create-tables-docstring-never-closed",
        # broken
        ("import sqlite3\n"
         "\n"
         "def create_tables(conn):\n"
         '    """Create the tables used by the app.\n'
         "\n"
         "    Safe to call more than once.\n"
         "    cur = conn.cursor()\n"
         '    cur.execute("""\n'
         "        CREATE TABLE IF NOT EXISTS users (\n"
         "            id INTEGER PRIMARY KEY,\n"
         "            email TEXT UNIQUE NOT NULL\n"
         "        )\n"
         '    """)\n'
         "    conn.commit()\n"
         "\n"
         'conn = sqlite3.connect("app.db")\n'
         "create_tables(conn)\n"
         "conn.close()\n"),
        # intended
        ("import sqlite3\n"
         "\n"
         "def create_tables(conn):\n"
         '    """Create the tables used by the app.\n'
         "\n"
         "    Safe to call more than once.\n"
         '    """\n'
         "    cur = conn.cursor()\n"
         '    cur.execute("""\n'
         "        CREATE TABLE IF NOT EXISTS users (\n"
         "            id INTEGER PRIMARY KEY,\n"
         "            email TEXT UNIQUE NOT NULL\n"
         "        )\n"
         '    """)\n'
         "    conn.commit()\n"
         "\n"
         'conn = sqlite3.connect("app.db")\n'
         "create_tables(conn)\n"
         "conn.close()\n")),
    ("matplotlib-format-after-label-and-title-paren",
        # broken
        ("import numpy as np\n"
         "import matplotlib.pyplot as plt\n"
         "\n"
         "x = np.linspace(0, 2 * np.pi, 200)\n"
         'plt.plot(x, np.sin(x), label="sin", "r-")\n'
         'plt.plot(x, np.cos(x), "b--", label="cos")\n'
         'plt.xlabel("x")\n'
         'plt.ylabel("y")\n'
         "plt.legend()\n"
         'plt.title("Trig functions"\n'
         "plt.show()\n"),
        # intended
        ("import numpy as np\n"
         "import matplotlib.pyplot as plt\n"
         "\n"
         "x = np.linspace(0, 2 * np.pi, 200)\n"
         'plt.plot(x, np.sin(x), "r-", label="sin")\n'
         'plt.plot(x, np.cos(x), "b--", label="cos")\n'
         'plt.xlabel("x")\n'
         'plt.ylabel("y")\n'
         "plt.legend()\n"
         'plt.title("Trig functions")\n'
         "plt.show()\n")),
    ("pygame-player-update-body-indented-with-tabs",
        # broken
        ("import pygame\n"
         "\n"
         "class Player(pygame.sprite.Sprite):\n"
         "    def __init__(self, x, y):\n"
         "        super().__init__()\n"
         "        self.image = pygame.Surface((40, 40))\n"
         "        self.image.fill((0, 200, 0))\n"
         "        self.rect = self.image.get_rect(center=(x, y))\n"
         "        self.speed = 5\n"
         "\n"
         "    def update(self, keys):\n"
         "\t\tif keys[pygame.K_LEFT]:\n"
         "\t\t\tself.rect.x -= self.speed\n"
         "\t\tif keys[pygame.K_RIGHT]:\n"
         "\t\t\tself.rect.x += self.speed\n"),
        # intended
        ("import pygame\n"
         "\n"
         "class Player(pygame.sprite.Sprite):\n"
         "    def __init__(self, x, y):\n"
         "        super().__init__()\n"
         "        self.image = pygame.Surface((40, 40))\n"
         "        self.image.fill((0, 200, 0))\n"
         "        self.rect = self.image.get_rect(center=(x, y))\n"
         "        self.speed = 5\n"
         "\n"
         "    def update(self, keys):\n"
         "        if keys[pygame.K_LEFT]:\n"
         "            self.rect.x -= self.speed\n"
         "        if keys[pygame.K_RIGHT]:\n"
         "            self.rect.x += self.speed\n")),
    ("username-check-slash-comment-and-double-ampersand",
        # broken
        ("def is_valid_username(name):\n"
         "    // must be 3-16 chars, letters and digits only\n"
         "    if len(name) >= 3 && len(name) <= 16:\n"
         "        return name.isalnum()\n"
         "    return False\n"
         "\n"
         'names = ["bob", "x", "alice_99", "Charlie2"]\n'
         "for n in names:\n"
         "    print(n, is_valid_username(n))\n"),
        # intended
        ("def is_valid_username(name):\n"
         "    # must be 3-16 chars, letters and digits only\n"
         "    if len(name) >= 3 and len(name) <= 16:\n"
         "        return name.isalnum()\n"
         "    return False\n"
         "\n"
         'names = ["bob", "x", "alice_99", "Charlie2"]\n'
         "for n in names:\n"
         "    print(n, is_valid_username(n))\n")),
    ("countdown-timer-decrement-operator",
        # broken
        ("import time\n"
         "\n"
         "def countdown(seconds):\n"
         "    i = seconds\n"
         "    while i > 0:\n"
         '        print(f"{i}...")\n'
         "        time.sleep(1)\n"
         "        i--\n"
         '    print("Liftoff!")\n'
         "\n"
         "countdown(5)\n"),
        # intended
        ("import time\n"
         "\n"
         "def countdown(seconds):\n"
         "    i = seconds\n"
         "    while i > 0:\n"
         '        print(f"{i}...")\n'
         "        time.sleep(1)\n"
         "        i -= 1\n"
         '    print("Liftoff!")\n'
         "\n"
         "countdown(5)\n")),
    ("tkinter-greeter-colon-and-unclosed-button-paren",
        # broken
        ("import tkinter as tk\n"
         "\n"
         "def on_click()\n"
         "    name = entry.get()\n"
         '    label.config(text=f"Hello, {name}!")\n'
         "\n"
         "root = tk.Tk()\n"
         'root.title("Greeter")\n'
         "entry = tk.Entry(root, width=30)\n"
         "entry.pack(padx=10, pady=5)\n"
         'button = tk.Button(root, text="Greet", command=on_click\n'
         "button.pack(pady=5)\n"
         'label = tk.Label(root, text="")\n'
         "label.pack(pady=5)\n"
         "root.mainloop()\n"),
        # intended
        ("import tkinter as tk\n"
         "\n"
         "def on_click():\n"
         "    name = entry.get()\n"
         '    label.config(text=f"Hello, {name}!")\n'
         "\n"
         "root = tk.Tk()\n"
         'root.title("Greeter")\n'
         "entry = tk.Entry(root, width=30)\n"
         "entry.pack(padx=10, pady=5)\n"
         'button = tk.Button(root, text="Greet", command=on_click)\n'
         "button.pack(pady=5)\n"
         'label = tk.Label(root, text="")\n'
         "label.pack(pady=5)\n"
         "root.mainloop()\n")),
    ("orders-csv-fstring-nested-double-quotes",
        # broken
        ("import csv\n"
         "\n"
         "total = 0\n"
         'with open("orders.csv", newline="") as f:\n'
         "    for row in csv.DictReader(f):\n"
         '        amount = float(row["price"]) * int(row["qty"])\n'
         "        total += amount\n"
         '        print(f"{row["item"]:<20} {amount:>8.2f}")\n'
         'print(f"{\'TOTAL\':<20} {total:>8.2f}")\n'),
        # intended
        ("import csv\n"
         "\n"
         "total = 0\n"
         'with open("orders.csv", newline="") as f:\n'
         "    for row in csv.DictReader(f):\n"
         '        amount = float(row["price"]) * int(row["qty"])\n'
         "        total += amount\n"
         '        print(f"{row[\'item\']:<20} {amount:>8.2f}")\n'
         'print(f"{\'TOTAL\':<20} {total:>8.2f}")\n')),
    ("find-user-return-none-dedented-to-module",
        # broken
        ("def find_user(users, user_id):\n"
         "    for user in users:\n"
         '        if user["id"] == user_id:\n'
         "            return user\n"
         "return None\n"
         "\n"
         'users = [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bo"}]\n'
         "u = find_user(users, 2)\n"
         'print(u["name"] if u else "not found")\n'),
        # intended
        ("def find_user(users, user_id):\n"
         "    for user in users:\n"
         '        if user["id"] == user_id:\n'
         "            return user\n"
         "    return None\n"
         "\n"
         'users = [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bo"}]\n'
         "u = find_user(users, 2)\n"
         'print(u["name"] if u else "not found")\n')),
    ("socket-echo-server-bind-paren-and-while-colon",
        # broken
        ("import socket\n"
         "\n"
         'HOST = "127.0.0.1"\n'
         "PORT = 5000\n"
         "\n"
         "with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:\n"
         "    s.bind((HOST, PORT)\n"
         "    s.listen()\n"
         '    print("Listening on", PORT)\n'
         "    conn, addr = s.accept()\n"
         "    with conn:\n"
         '        print("Connected by", addr)\n'
         "        while True\n"
         "            data = conn.recv(1024)\n"
         "            if not data:\n"
         "                break\n"
         "            conn.sendall(data)\n"),
        # intended
        ("import socket\n"
         "\n"
         'HOST = "127.0.0.1"\n'
         "PORT = 5000\n"
         "\n"
         "with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:\n"
         "    s.bind((HOST, PORT))\n"
         "    s.listen()\n"
         '    print("Listening on", PORT)\n'
         "    conn, addr = s.accept()\n"
         "    with conn:\n"
         '        print("Connected by", addr)\n'
         "        while True:\n"
         "            data = conn.recv(1024)\n"
         "            if not data:\n"
         "                break\n"
         "            conn.sendall(data)\n")),
    ("requests-fetch-all-except-dedented-to-loop",
        # broken
        ("import requests\n"
         "\n"
         "def fetch_all(urls):\n"
         "    results = {}\n"
         "    for url in urls:\n"
         "        try:\n"
         "            r = requests.get(url, timeout=5)\n"
         "            r.raise_for_status()\n"
         "            results[url] = r.text\n"
         "    except requests.RequestException as e:\n"
         '            print("failed:", url, e)\n'
         "    return results\n"
         "\n"
         'pages = fetch_all(["https://example.com", "https://httpbin.org/get"])\n'
         'print(len(pages), "pages fetched")\n'),
        # intended
        ("import requests\n"
         "\n"
         "def fetch_all(urls):\n"
         "    results = {}\n"
         "    for url in urls:\n"
         "        try:\n"
         "            r = requests.get(url, timeout=5)\n"
         "            r.raise_for_status()\n"
         "            results[url] = r.text\n"
         "        except requests.RequestException as e:\n"
         '            print("failed:", url, e)\n'
         "    return results\n"
         "\n"
         'pages = fetch_all(["https://example.com", "https://httpbin.org/get"])\n'
         'print(len(pages), "pages fetched")\n')),
    ("pytest-calculator-class-colon-and-assert-assign",
        # broken
        ("import pytest\n"
         "from calculator import add, divide\n"
         "\n"
         "class TestCalculator\n"
         "    def test_add(self):\n"
         "        assert add(2, 3) = 5\n"
         "\n"
         "    def test_divide(self):\n"
         "        assert divide(10, 4) == 2.5\n"
         "\n"
         "    def test_divide_by_zero(self):\n"
         "        with pytest.raises(ZeroDivisionError):\n"
         "            divide(1, 0)\n"),
        # intended
        ("import pytest\n"
         "from calculator import add, divide\n"
         "\n"
         "class TestCalculator:\n"
         "    def test_add(self):\n"
         "        assert add(2, 3) == 5\n"
         "\n"
         "    def test_divide(self):\n"
         "        assert divide(10, 4) == 2.5\n"
         "\n"
         "    def test_divide_by_zero(self):\n"
         "        with pytest.raises(ZeroDivisionError):\n"
         "            divide(1, 0)\n")),
    ("datetime-date-leading-zero-month-day",
        # broken
        ("from datetime import date\n"
         "\n"
         "start = date(2024, 01, 08)\n"
         "end = date(2024, 3, 15)\n"
         "days = (end - start).days\n"
         "weeks, rest = divmod(days, 7)\n"
         'print(f"{days} days = {weeks} weeks and {rest} days")\n'),
        # intended
        ("from datetime import date\n"
         "\n"
         "start = date(2024, 1, 8)\n"
         "end = date(2024, 3, 15)\n"
         "days = (end - start).days\n"
         "weeks, rest = divmod(days, 7)\n"
         'print(f"{days} days = {weeks} weeks and {rest} days")\n')),
    ("text-adventure-or-missing-operand-and-print-paren",
        # broken
        ("def main():\n"
         '    room = "hall"\n'
         "    while True:\n"
         '        cmd = input("> ").strip().lower()\n'
         '        if cmd == "quit" or == "exit":\n'
         '            print("Bye!")\n'
         "            break\n"
         '        elif cmd == "look":\n'
         '            print(f"You are in the {room}.")\n'
         '        elif cmd.startswith("go "):\n'
         "            room = cmd[3:]\n"
         '            print("You walk to the", room\n'
         "        else:\n"
         '            print("I don\'t understand", repr(cmd))\n'
         "\n"
         "main()\n"),
        # intended
        ("def main():\n"
         '    room = "hall"\n'
         "    while True:\n"
         '        cmd = input("> ").strip().lower()\n'
         '        if cmd == "quit" or cmd == "exit":\n'
         '            print("Bye!")\n'
         "            break\n"
         '        elif cmd == "look":\n'
         '            print(f"You are in the {room}.")\n'
         '        elif cmd.startswith("go "):\n'
         "            room = cmd[3:]\n"
         '            print("You walk to the", room)\n'
         "        else:\n"
         '            print("I don\'t understand", repr(cmd))\n'
         "\n"
         "main()\n")),
    ("logging-sync-mismatched-quotes-and-fstring-brace",
        # broken
        ("import logging\n"
         "\n"
         'logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")\n'
         'log = logging.getLogger("sync\')\n'
         "\n"
         "def sync_files(files, dest):\n"
         "    copied = 0\n"
         "    for f in files:\n"
         '        log.info(f"Copying {f} to {dest}")\n'
         "        copied += 1\n"
         '    log.info(f"Done: {copied} of {len(files) files")\n'
         "    return copied\n"
         "\n"
         'sync_files(["a.txt", "b.txt"], "/mnt/backup")\n'),
        # intended
        ("import logging\n"
         "\n"
         'logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")\n'
         'log = logging.getLogger("sync")\n'
         "\n"
         "def sync_files(files, dest):\n"
         "    copied = 0\n"
         "    for f in files:\n"
         '        log.info(f"Copying {f} to {dest}")\n'
         "        copied += 1\n"
         '    log.info(f"Done: {copied} of {len(files)} files")\n'
         "    return copied\n"
         "\n"
         'sync_files(["a.txt", "b.txt"], "/mnt/backup")\n')),
    ("organize-downloads-typo-import-and-else",
        # broken
        ("improt shutil\n"
         "from pathlib import Path\n"
         "\n"
         'downloads = Path.home() / "Downloads"\n'
         "for f in downloads.iterdir():\n"
         '    if f.suffix.lower() in {".jpg", ".png", ".gif"}:\n'
         '        target = downloads / "Images"\n'
         "    esle:\n"
         '        target = downloads / "Other"\n'
         "    target.mkdir(exist_ok=True)\n"
         "    shutil.move(str(f), target / f.name)\n"),
        # intended
        ("import shutil\n"
         "from pathlib import Path\n"
         "\n"
         'downloads = Path.home() / "Downloads"\n'
         "for f in downloads.iterdir():\n"
         '    if f.suffix.lower() in {".jpg", ".png", ".gif"}:\n'
         '        target = downloads / "Images"\n'
         "    else:\n"
         '        target = downloads / "Other"\n'
         "    target.mkdir(exist_ok=True)\n"
         "    shutil.move(str(f), target / f.name)\n")),
    ("chatbot-apostrophe-in-single-quotes-and-else-colon",
        # broken
        ("import random\n"
         "\n"
         'GREETINGS = ["hi", "hello", "hey"]\n'
         "\n"
         "def reply(message):\n"
         "    words = message.lower().split()\n"
         "    if any(w in GREETINGS for w in words):\n"
         '        return random.choice(["Hello!", "Hi there!"])\n'
         '    elif "bye" in words:\n'
         '        return "Goodbye!"\n'
         "    else\n"
         "        return 'Sorry, I don't understand.'\n"
         "\n"
         "while True:\n"
         '    text = input("You: ")\n'
         '    print("Bot:", reply(text))\n'
         '    if text.lower() == "bye":\n'
         "        break\n"),
        # intended
        ("import random\n"
         "\n"
         'GREETINGS = ["hi", "hello", "hey"]\n'
         "\n"
         "def reply(message):\n"
         "    words = message.lower().split()\n"
         "    if any(w in GREETINGS for w in words):\n"
         '        return random.choice(["Hello!", "Hi there!"])\n'
         '    elif "bye" in words:\n'
         '        return "Goodbye!"\n'
         "    else:\n"
         '        return "Sorry, I don\'t understand."\n'
         "\n"
         "while True:\n"
         '    text = input("You: ")\n'
         '    print("Bot:", reply(text))\n'
         '    if text.lower() == "bye":\n'
         "        break\n")),
    ("save-score-string-concat-missing-plus",
        # broken
        ("import json\n"
         "\n"
         'def save_score(name, score, path="scores.json"):\n'
         "    try:\n"
         "        with open(path) as f:\n"
         "            scores = json.load(f)\n"
         "    except FileNotFoundError:\n"
         "        scores = {}\n"
         "    scores[name] = max(score, scores.get(name, 0))\n"
         '    with open(path, "w") as f:\n'
         "        json.dump(scores, f)\n"
         "\n"
         'name = input("Name: ")\n'
         'score = int(input("Score: "))\n'
         "save_score(name, score)\n"
         'print("Player " + name " scored " + str(score) + " points")\n'),
        # intended
        ("import json\n"
         "\n"
         'def save_score(name, score, path="scores.json"):\n'
         "    try:\n"
         "        with open(path) as f:\n"
         "            scores = json.load(f)\n"
         "    except FileNotFoundError:\n"
         "        scores = {}\n"
         "    scores[name] = max(score, scores.get(name, 0))\n"
         '    with open(path, "w") as f:\n'
         "        json.dump(scores, f)\n"
         "\n"
         'name = input("Name: ")\n'
         'score = int(input("Score: "))\n'
         "save_score(name, score)\n"
         'print("Player " + name + " scored " + str(score) + " points")\n')),
    ("sqlite-overdue-query-multiline-string-no-parens",
        # broken
        ("import sqlite3\n"
         "\n"
         "def get_overdue(conn, today):\n"
         '    query = "SELECT title, borrower, due_date FROM loans "\n'
         '            "WHERE returned = 0 AND due_date < ? "\n'
         '            "ORDER BY due_date"\n'
         "    return conn.execute(query, (today,)).fetchall()\n"
         "\n"
         'conn = sqlite3.connect("library.db")\n'
         'for title, borrower, due in get_overdue(conn, "2024-05-01"):\n'
         '    print(f"{title!r} borrowed by {borrower}, due {due}")\n'),
        # intended
        ("import sqlite3\n"
         "\n"
         "def get_overdue(conn, today):\n"
         '    query = ("SELECT title, borrower, due_date FROM loans "\n'
         '            "WHERE returned = 0 AND due_date < ? "\n'
         '            "ORDER BY due_date")\n'
         "    return conn.execute(query, (today,)).fetchall()\n"
         "\n"
         'conn = sqlite3.connect("library.db")\n'
         'for title, borrower, due in get_overdue(conn, "2024-05-01"):\n'
         '    print(f"{title!r} borrowed by {borrower}, due {due}")\n')),
    ("shooting-game-global-with-augmented-assign",
        # broken
        ("import random\n"
         "\n"
         "score = 0\n"
         "lives = 3\n"
         "\n"
         "def hit_target():\n"
         "    global score += 10\n"
         '    print("Hit! Score:", score)\n'
         "\n"
         "def miss():\n"
         "    global lives\n"
         "    lives -= 1\n"
         '    print("Missed! Lives left:", lives)\n'
         "\n"
         "while lives > 0 and score < 50:\n"
         "    if random.random() < 0.6:\n"
         "        hit_target()\n"
         "    else:\n"
         "        miss()\n"
         'print("Game over, final score", score)\n'),
        # intended
        ("import random\n"
         "\n"
         "score = 0\n"
         "lives = 3\n"
         "\n"
         "def hit_target():\n"
         "    global score\n"
         "    score += 10\n"
         '    print("Hit! Score:", score)\n'
         "\n"
         "def miss():\n"
         "    global lives\n"
         "    lives -= 1\n"
         '    print("Missed! Lives left:", lives)\n'
         "\n"
         "while lives > 0 and score < 50:\n"
         "    if random.random() < 0.6:\n"
         "        hit_target()\n"
         "    else:\n"
         "        miss()\n"
         'print("Game over, final score", score)\n')),
    ("large-files-walk-nbsp-indentation",
        # broken
        ("import os\n"
         "\n"
         "def list_large_files(folder, min_mb=10):\n"
         "    for root, dirs, files in os.walk(folder):\n"
         "        for name in files:\n"
         "            path = os.path.join(root, name)\n"
         "            size = os.path.getsize(path) / (1024 * 1024)\n"
         "            if size >= min_mb:\n"
         '\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0print(f"{size:8.1f} MB  {path}")\n'
         "\n"
         'list_large_files(".")\n'),
        # intended
        ("import os\n"
         "\n"
         "def list_large_files(folder, min_mb=10):\n"
         "    for root, dirs, files in os.walk(folder):\n"
         "        for name in files:\n"
         "            path = os.path.join(root, name)\n"
         "            size = os.path.getsize(path) / (1024 * 1024)\n"
         "            if size >= min_mb:\n"
         '                print(f"{size:8.1f} MB  {path}")\n'
         "\n"
         'list_large_files(".")\n')),
    ("numpy-normalize-print-wrong-closing-bracket",
        # broken
        ("import numpy as np\n"
         "\n"
         "def normalize(values):\n"
         "    arr = np.asarray(values, dtype=float)\n"
         "    rng = arr.max() - arr.min()\n"
         "    return (arr - arr.min()) / rng if rng else np.zeros_like(arr)\n"
         "\n"
         "data = [[3, 7, 1], [10, 10, 10], [0, 5, 2.5]]\n"
         "for row in data:\n"
         "    print(normalize(row).round(2])\n"),
        # intended
        ("import numpy as np\n"
         "\n"
         "def normalize(values):\n"
         "    arr = np.asarray(values, dtype=float)\n"
         "    rng = arr.max() - arr.min()\n"
         "    return (arr - arr.min()) / rng if rng else np.zeros_like(arr)\n"
         "\n"
         "data = [[3, 7, 1], [10, 10, 10], [0, 5, 2.5]]\n"
         "for row in data:\n"
         "    print(normalize(row).round(2))\n")),
]
