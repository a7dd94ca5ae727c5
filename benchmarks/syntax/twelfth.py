"""The twelfth set of broken snippets: written as a held-out set by someone who had not read
the rules, run once (23/30 parsed within 4 token edits, 20/30 as intended), then used to change
them. Part of ``cases.CASES``."""

TWELFTH: list[tuple[str, str, str]] = [
    ("weather-api-extra-closing-paren",
        # broken
        ("import requests\n"
         "\n"
         'API_KEY = "abc123"\n'
         'CITIES = ["London", "Paris", "Berlin"]\n'
         "\n"
         "def get_temp(city):\n"
         '    url = f"https://api.openweathermap.org/data/2.5/weather?q={city}&appid={API_KEY}&units=metric"\n'
         "    resp = requests.get(url, timeout=10)\n"
         "    data = resp.json())\n"
         '    return data["main"]["temp"]\n'
         "\n"
         "for city in CITIES:\n"
         "    print(city, get_temp(city))\n"),
        # intended
        ("import requests\n"
         "\n"
         'API_KEY = "abc123"\n'
         'CITIES = ["London", "Paris", "Berlin"]\n'
         "\n"
         "def get_temp(city):\n"
         '    url = f"https://api.openweathermap.org/data/2.5/weather?q={city}&appid={API_KEY}&units=metric"\n'
         "    resp = requests.get(url, timeout=10)\n"
         "    data = resp.json()\n"
         '    return data["main"]["temp"]\n'
         "\n"
         "for city in CITIES:\n"
         "    print(city, get_temp(city))\n")),
    ("pandas-column-select-unclosed-bracket",
        # broken
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("sales.csv")\n'
         'df["date"] = pd.to_datetime(df["date"])\n'
         'df["month"] = df["date"].dt.month\n'
         "\n"
         'summary = df[["month", "region", "revenue"]\n'
         'summary = summary.groupby(["month", "region"]).sum()\n'
         "print(summary.head())\n"
         'summary.to_csv("monthly_summary.csv")\n'),
        # intended
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("sales.csv")\n'
         'df["date"] = pd.to_datetime(df["date"])\n'
         'df["month"] = df["date"].dt.month\n'
         "\n"
         'summary = df[["month", "region", "revenue"]]\n'
         'summary = summary.groupby(["month", "region"]).sum()\n'
         "print(summary.head())\n"
         'summary.to_csv("monthly_summary.csv")\n')),
    ("argparse-add-argument-missing-comma",
        # broken
        ("import argparse\n"
         "\n"
         'parser = argparse.ArgumentParser(description="Resize images in a folder")\n'
         'parser.add_argument("folder", help="folder with the images")\n'
         'parser.add_argument("--width", type=int default=800, help="new width in pixels")\n'
         'parser.add_argument("--quality", type=int, default=85)\n'
         'parser.add_argument("-v", "--verbose", action="store_true")\n'
         "args = parser.parse_args()\n"
         "\n"
         "if args.verbose:\n"
         '    print(f"Resizing images in {args.folder} to {args.width}px")\n'),
        # intended
        ("import argparse\n"
         "\n"
         'parser = argparse.ArgumentParser(description="Resize images in a folder")\n'
         'parser.add_argument("folder", help="folder with the images")\n'
         'parser.add_argument("--width", type=int, default=800, help="new width in pixels")\n'
         'parser.add_argument("--quality", type=int, default=85)\n'
         'parser.add_argument("-v", "--verbose", action="store_true")\n'
         "args = parser.parse_args()\n"
         "\n"
         "if args.verbose:\n"
         '    print(f"Resizing images in {args.folder} to {args.width}px")\n')),
    ("tkinter-label-apostrophe-in-single-quotes",
        # broken
        ("import tkinter as tk\n"
         "\n"
         "root = tk.Tk()\n"
         "root.title('Reminder')\n"
         "root.geometry('300x120')\n"
         "\n"
         "label = tk.Label(root, text='Don't forget to save your work!', font=('Arial', 12))\n"
         "label.pack(pady=20)\n"
         "\n"
         "button = tk.Button(root, text='OK', command=root.destroy)\n"
         "button.pack()\n"
         "\n"
         "root.mainloop()\n"),
        # intended
        ("import tkinter as tk\n"
         "\n"
         "root = tk.Tk()\n"
         "root.title('Reminder')\n"
         "root.geometry('300x120')\n"
         "\n"
         "label = tk.Label(root, text=\"Don't forget to save your work!\", font=('Arial', 12))\n"
         "label.pack(pady=20)\n"
         "\n"
         "button = tk.Button(root, text='OK', command=root.destroy)\n"
         "button.pack()\n"
         "\n"
         "root.mainloop()\n")),
    ("csv-fstring-dict-key-same-quotes",
        # broken
        ("import csv\n"
         "\n"
         "high_earners = 0\n"
         'with open("employees.csv", newline="") as f:\n'
         "    reader = csv.DictReader(f)\n"
         "    for row in reader:\n"
         '        salary = float(row["salary"])\n'
         "        if salary > 50000:\n"
         "            high_earners += 1\n"
         '            print(f"{row["name"]} earns {salary:,.2f}")\n'
         "\n"
         'print("total:", high_earners)\n'),
        # intended
        ("import csv\n"
         "\n"
         "high_earners = 0\n"
         'with open("employees.csv", newline="") as f:\n'
         "    reader = csv.DictReader(f)\n"
         "    for row in reader:\n"
         '        salary = float(row["salary"])\n'
         "        if salary > 50000:\n"
         "            high_earners += 1\n"
         "            print(f\"{row['name']} earns {salary:,.2f}\")\n"
         "\n"
         'print("total:", high_earners)\n')),
    ("log-parser-mixed-tabs-spaces",
        # broken
        ("import re\n"
         "from collections import Counter\n"
         "\n"
         "errors = Counter()\n"
         'with open("app.log") as f:\n'
         "    for line in f:\n"
         '        if "ERROR" in line:\n'
         '            m = re.search(r"ERROR \\[(\\w+)\\]", line)\n'
         "\t    if m:\n"
         "\t\terrors[m.group(1)] += 1\n"
         "\n"
         "for module, n in errors.most_common(5):\n"
         '    print(f"{module}: {n}")\n'),
        # intended
        ("import re\n"
         "from collections import Counter\n"
         "\n"
         "errors = Counter()\n"
         'with open("app.log") as f:\n'
         "    for line in f:\n"
         '        if "ERROR" in line:\n'
         '            m = re.search(r"ERROR \\[(\\w+)\\]", line)\n'
         "            if m:\n"
         "                errors[m.group(1)] += 1\n"
         "\n"
         "for module, n in errors.most_common(5):\n"
         '    print(f"{module}: {n}")\n')),
    ("flask-login-else-misaligned",
        # broken
        ("from flask import Flask, request, redirect, render_template\n"
         "\n"
         "app = Flask(__name__)\n"
         'USERS = {"admin": "secret"}\n'
         "\n"
         '@app.route("/login", methods=["GET", "POST"])\n'
         "def login():\n"
         '    if request.method == "POST":\n'
         '        user = request.form["username"]\n'
         '        if USERS.get(user) == request.form["password"]:\n'
         '            return redirect("/dashboard")\n'
         '        return render_template("login.html", error="Wrong password")\n'
         "  else:\n"
         '        return render_template("login.html")\n'
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n"),
        # intended
        ("from flask import Flask, request, redirect, render_template\n"
         "\n"
         "app = Flask(__name__)\n"
         'USERS = {"admin": "secret"}\n'
         "\n"
         '@app.route("/login", methods=["GET", "POST"])\n'
         "def login():\n"
         '    if request.method == "POST":\n'
         '        user = request.form["username"]\n'
         '        if USERS.get(user) == request.form["password"]:\n'
         '            return redirect("/dashboard")\n'
         '        return render_template("login.html", error="Wrong password")\n'
         "    else:\n"
         '        return render_template("login.html")\n'
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n")),
    ("sqlite-create-table-unclosed-triple-quote",
        # broken
        ("import sqlite3\n"
         "\n"
         'conn = sqlite3.connect("library.db")\n'
         "cur = conn.cursor()\n"
         'cur.execute("""\n'
         "    CREATE TABLE IF NOT EXISTS books (\n"
         "        id INTEGER PRIMARY KEY,\n"
         "        title TEXT NOT NULL,\n"
         "        author TEXT,\n"
         "        year INTEGER\n"
         "    )\n"
         '"")\n'
         'cur.execute("INSERT INTO books (title, author, year) VALUES (?, ?, ?)",\n'
         '            ("Dune", "Frank Herbert", 1965))\n'
         "conn.commit()\n"
         "conn.close()\n"),
        # intended
        ("import sqlite3\n"
         "\n"
         'conn = sqlite3.connect("library.db")\n'
         "cur = conn.cursor()\n"
         'cur.execute("""\n'
         "    CREATE TABLE IF NOT EXISTS books (\n"
         "        id INTEGER PRIMARY KEY,\n"
         "        title TEXT NOT NULL,\n"
         "        author TEXT,\n"
         "        year INTEGER\n"
         "    )\n"
         '""")\n'
         'cur.execute("INSERT INTO books (title, author, year) VALUES (?, ?, ?)",\n'
         '            ("Dune", "Frank Herbert", 1965))\n'
         "conn.commit()\n"
         "conn.close()\n")),
    ("datetime-repl-prompts-pasted",
        # broken
        (">>> from datetime import datetime, timedelta\n"
         ">>> start = datetime(2024, 3, 1)\n"
         ">>> deadline = start + timedelta(weeks=4)\n"
         '>>> print("Deadline:", deadline.date())\n'
         ">>> for i in range(3):\n"
         "...     day = start + timedelta(days=i * 7)\n"
         '...     print(day.strftime("%A %d %B"))\n'
         "...\n"),
        # intended
        ("from datetime import datetime, timedelta\n"
         "start = datetime(2024, 3, 1)\n"
         "deadline = start + timedelta(weeks=4)\n"
         'print("Deadline:", deadline.date())\n'
         "for i in range(3):\n"
         "    day = start + timedelta(days=i * 7)\n"
         '    print(day.strftime("%A %d %B"))\n')),
    ("greeting-smart-quotes-fstring",
        # broken
        ("import random\n"
         "\n"
         'greetings = ["Hello", "Hi", "Hey there"]\n'
         "\n"
         "def greet(name):\n"
         "    word = random.choice(greetings)\n"
         "    print(f\u201c{word}, {name}!\u201d)\n"
         "\n"
         'for person in ["Ana", "Ben", "Chloe"]:\n'
         "    greet(person)\n"),
        # intended
        ("import random\n"
         "\n"
         'greetings = ["Hello", "Hi", "Hey there"]\n'
         "\n"
         "def greet(name):\n"
         "    word = random.choice(greetings)\n"
         '    print(f"{word}, {name}!")\n'
         "\n"
         'for person in ["Ana", "Ben", "Chloe"]:\n'
         "    greet(person)\n")),
    ("pathlib-loop-nbsp-indent",
        # broken
        ("from pathlib import Path\n"
         "\n"
         'folder = Path("downloads")\n'
         "total = 0\n"
         'for p in folder.glob("*.pdf"):\n'
         "    size = p.stat().st_size\n"
         "\u00a0\u00a0\u00a0\u00a0total += size\n"
         '    print(f"{p.name}: {size / 1024:.1f} KB")\n'
         "\n"
         'print(f"Total: {total / 1024 / 1024:.2f} MB")\n'),
        # intended
        ("from pathlib import Path\n"
         "\n"
         'folder = Path("downloads")\n'
         "total = 0\n"
         'for p in folder.glob("*.pdf"):\n'
         "    size = p.stat().st_size\n"
         "    total += size\n"
         '    print(f"{p.name}: {size / 1024:.1f} KB")\n'
         "\n"
         'print(f"Total: {total / 1024 / 1024:.2f} MB")\n')),
    ("logging-default-arg-before-required",
        # broken
        ("import logging\n"
         "\n"
         "def setup_logger(name, level=logging.INFO, logfile):\n"
         "    logger = logging.getLogger(name)\n"
         "    logger.setLevel(level)\n"
         "    handler = logging.FileHandler(logfile)\n"
         '    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))\n'
         "    logger.addHandler(handler)\n"
         "    return logger\n"
         "\n"
         'log = setup_logger("worker", logfile="worker.log")\n'
         'log.info("started")\n'),
        # intended
        ("import logging\n"
         "\n"
         "def setup_logger(name, logfile, level=logging.INFO):\n"
         "    logger = logging.getLogger(name)\n"
         "    logger.setLevel(level)\n"
         "    handler = logging.FileHandler(logfile)\n"
         '    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))\n'
         "    logger.addHandler(handler)\n"
         "    return logger\n"
         "\n"
         'log = setup_logger("worker", logfile="worker.log")\n'
         'log.info("started")\n')),
    ("students-csv-class-keyword-as-variable",
        # broken
        ("import csv\n"
         "\n"
         "students = []\n"
         'with open("students.csv") as f:\n'
         "    for row in csv.DictReader(f):\n"
         '        class = row["class"]\n'
         '        students.append((row["name"], class, int(row["score"])))\n'
         "\n"
         "for name, cls, score in sorted(students, key=lambda s: s[2], reverse=True):\n"
         '    print(f"{name:<10} {cls:<5} {score}")\n'),
        # intended
        ("import csv\n"
         "\n"
         "students = []\n"
         'with open("students.csv") as f:\n'
         "    for row in csv.DictReader(f):\n"
         '        class_name = row["class"]\n'
         '        students.append((row["name"], class_name, int(row["score"])))\n'
         "\n"
         "for name, cls, score in sorted(students, key=lambda s: s[2], reverse=True):\n"
         '    print(f"{name:<10} {cls:<5} {score}")\n')),
    ("email-from-as-keyword-argument",
        # broken
        ("import smtplib\n"
         "from email.message import EmailMessage\n"
         "\n"
         "def build_message(sender, to, subject, body):\n"
         "    msg = EmailMessage()\n"
         '    msg["From"] = sender\n'
         '    msg["To"] = to\n'
         '    msg["Subject"] = subject\n'
         "    msg.set_content(body)\n"
         "    return msg\n"
         "\n"
         'msg = build_message(from="me@example.com", to="you@example.com",\n'
         '                    subject="Report", body="See attached.")\n'
         'with smtplib.SMTP("localhost") as s:\n'
         "    s.send_message(msg)\n"),
        # intended
        ("import smtplib\n"
         "from email.message import EmailMessage\n"
         "\n"
         "def build_message(sender, to, subject, body):\n"
         "    msg = EmailMessage()\n"
         '    msg["From"] = sender\n'
         '    msg["To"] = to\n'
         '    msg["Subject"] = subject\n'
         "    msg.set_content(body)\n"
         "    return msg\n"
         "\n"
         'msg = build_message(sender="me@example.com", to="you@example.com",\n'
         '                    subject="Report", body="See attached.")\n'
         'with smtplib.SMTP("localhost") as s:\n'
         "    s.send_message(msg)\n")),
    ("json-products-lambda-with-return",
        # broken
        ("import json\n"
         "\n"
         'with open("products.json") as f:\n'
         "    products = json.load(f)\n"
         "\n"
         'in_stock = [p for p in products if p["stock"] > 0]\n'
         'cheap_first = sorted(in_stock, key=lambda p: return p["price"])\n'
         "\n"
         "for p in cheap_first[:5]:\n"
         "    print(f\"{p['name']}: ${p['price']:.2f}\")\n"),
        # intended
        ("import json\n"
         "\n"
         'with open("products.json") as f:\n'
         "    products = json.load(f)\n"
         "\n"
         'in_stock = [p for p in products if p["stock"] > 0]\n'
         'cheap_first = sorted(in_stock, key=lambda p: p["price"])\n'
         "\n"
         "for p in cheap_first[:5]:\n"
         "    print(f\"{p['name']}: ${p['price']:.2f}\")\n")),
    ("aiohttp-main-missing-async-def",
        # broken
        ("import asyncio\n"
         "import aiohttp\n"
         "\n"
         'URLS = ["https://example.com", "https://python.org"]\n'
         "\n"
         "async def fetch(session, url):\n"
         "    async with session.get(url) as resp:\n"
         "        return url, resp.status\n"
         "\n"
         "def main():\n"
         "    async with aiohttp.ClientSession() as session:\n"
         "        results = await asyncio.gather(*(fetch(session, u) for u in URLS))\n"
         "    for url, status in results:\n"
         "        print(url, status)\n"
         "\n"
         "asyncio.run(main())\n"),
        # intended
        ("import asyncio\n"
         "import aiohttp\n"
         "\n"
         'URLS = ["https://example.com", "https://python.org"]\n'
         "\n"
         "async def fetch(session, url):\n"
         "    async with session.get(url) as resp:\n"
         "        return url, resp.status\n"
         "\n"
         "async def main():\n"
         "    async with aiohttp.ClientSession() as session:\n"
         "        results = await asyncio.gather(*(fetch(session, u) for u in URLS))\n"
         "    for url, status in results:\n"
         "        print(url, status)\n"
         "\n"
         "asyncio.run(main())\n")),
    ("regex-search-assignment-in-if",
        # broken
        ("import re\n"
         "\n"
         'pattern = re.compile(r"(\\d{4})-(\\d{2})-(\\d{2})")\n'
         'lines = ["Invoice date: 2023-11-05", "no date here", "Due 2024-01-15"]\n'
         "\n"
         "for line in lines:\n"
         "    if m = pattern.search(line):\n"
         "        year, month, day = m.groups()\n"
         '        print(f"{day}/{month}/{year}")\n'
         "    else:\n"
         '        print("no match:", line)\n'),
        # intended
        ("import re\n"
         "\n"
         'pattern = re.compile(r"(\\d{4})-(\\d{2})-(\\d{2})")\n'
         'lines = ["Invoice date: 2023-11-05", "no date here", "Due 2024-01-15"]\n'
         "\n"
         "for line in lines:\n"
         "    if m := pattern.search(line):\n"
         "        year, month, day = m.groups()\n"
         '        print(f"{day}/{month}/{year}")\n'
         "    else:\n"
         '        print("no match:", line)\n')),
    ("game-score-global-after-use",
        # broken
        ("score = 0\n"
         "high_score = 0\n"
         "\n"
         "def add_points(points):\n"
         "    global score\n"
         "    score += points\n"
         "\n"
         "def end_game():\n"
         '    print("Game over! Score:", score)\n'
         "    if score > high_score:\n"
         "        global high_score\n"
         "        high_score = score\n"
         '        print("New high score!")\n'
         "\n"
         "add_points(10)\n"
         "add_points(25)\n"
         "end_game()\n"),
        # intended
        ("score = 0\n"
         "high_score = 0\n"
         "\n"
         "def add_points(points):\n"
         "    global score\n"
         "    score += points\n"
         "\n"
         "def end_game():\n"
         "    global high_score\n"
         '    print("Game over! Score:", score)\n'
         "    if score > high_score:\n"
         "        high_score = score\n"
         '        print("New high score!")\n'
         "\n"
         "add_points(10)\n"
         "add_points(25)\n"
         "end_game()\n")),
    ("numpy-stats-markdown-fences",
        # broken
        ("```python\n"
         "import numpy as np\n"
         "\n"
         "rng = np.random.default_rng(0)\n"
         "data = rng.normal(50, 10, size=1000)\n"
         'print("mean:", data.mean())\n'
         'print("std:", data.std())\n'
         "outliers = data[np.abs(data - data.mean()) > 2 * data.std()]\n"
         'print("outliers:", len(outliers))\n'
         "```\n"),
        # intended
        ("import numpy as np\n"
         "\n"
         "rng = np.random.default_rng(0)\n"
         "data = rng.normal(50, 10, size=1000)\n"
         'print("mean:", data.mean())\n'
         'print("std:", data.std())\n'
         "outliers = data[np.abs(data - data.mean()) > 2 * data.std()]\n"
         'print("outliers:", len(outliers))\n')),
    ("numpy-grid-c-style-for-loop",
        # broken
        ("import numpy as np\n"
         "\n"
         "size = 5\n"
         "grid = np.zeros((size, size), dtype=int)\n"
         "\n"
         "for (i = 0; i < size; i++):\n"
         "    grid[i, i] = 1\n"
         "    grid[i, size - 1 - i] = 1\n"
         "\n"
         "print(grid)\n"
         'print("ones:", grid.sum())\n'),
        # intended
        ("import numpy as np\n"
         "\n"
         "size = 5\n"
         "grid = np.zeros((size, size), dtype=int)\n"
         "\n"
         "for i in range(size):\n"
         "    grid[i, i] = 1\n"
         "    grid[i, size - 1 - i] = 1\n"
         "\n"
         "print(grid)\n"
         'print("ones:", grid.sum())\n')),
    ("weather-classify-double-ampersand-else-if",
        # broken
        ("def classify(temp, humidity):\n"
         "    if temp > 30 && humidity > 70:\n"
         '        return "hot and humid"\n'
         "    else if temp > 30:\n"
         '        return "hot"\n'
         "    else:\n"
         '        return "mild"\n'
         "\n"
         "readings = [(32, 80), (35, 40), (2, 60), (18, 50)]\n"
         "for t, h in readings:\n"
         "    print(t, h, classify(t, h))\n"),
        # intended
        ("def classify(temp, humidity):\n"
         "    if temp > 30 and humidity > 70:\n"
         '        return "hot and humid"\n'
         "    elif temp > 30:\n"
         '        return "hot"\n'
         "    else:\n"
         '        return "mild"\n'
         "\n"
         "readings = [(32, 80), (35, 40), (2, 60), (18, 50)]\n"
         "for t, h in readings:\n"
         "    print(t, h, classify(t, h))\n")),
    ("urllib-py2-print-and-except-comma",
        # broken
        ("import urllib.request\n"
         "\n"
         'urls = ["http://example.com", "http://example.org/missing"]\n'
         "\n"
         "for url in urls:\n"
         "    try:\n"
         "        page = urllib.request.urlopen(url, timeout=5)\n"
         '        print "fetched", url, len(page.read())\n'
         "    except Exception, e:\n"
         '        print("failed:", url, e)\n'),
        # intended
        ("import urllib.request\n"
         "\n"
         'urls = ["http://example.com", "http://example.org/missing"]\n'
         "\n"
         "for url in urls:\n"
         "    try:\n"
         "        page = urllib.request.urlopen(url, timeout=5)\n"
         '        print("fetched", url, len(page.read()))\n'
         "    except Exception as e:\n"
         '        print("failed:", url, e)\n')),
    ("load-config-catch-and-retrun",
        # broken
        ("import json\n"
         "\n"
         "def load_config(path):\n"
         "    try:\n"
         "        with open(path) as f:\n"
         "            config = json.load(f)\n"
         "    catch FileNotFoundError:\n"
         "        config = {}\n"
         "    retrun config\n"
         "\n"
         'config = load_config("config.json")\n'
         'print(config.get("theme", "light"))\n'),
        # intended
        ("import json\n"
         "\n"
         "def load_config(path):\n"
         "    try:\n"
         "        with open(path) as f:\n"
         "            config = json.load(f)\n"
         "    except FileNotFoundError:\n"
         "        config = {}\n"
         "    return config\n"
         "\n"
         'config = load_config("config.json")\n'
         'print(config.get("theme", "light"))\n')),
    ("letter-grade-elif-no-condition-overindented-print",
        # broken
        ("def letter_grade(score):\n"
         "    if score >= 90:\n"
         '        grade = "A"\n'
         "    elif score >= 80:\n"
         '        grade = "B"\n'
         "    elif score >= 70:\n"
         '        grade = "C"\n'
         "    elif:\n"
         '        grade = "F"\n'
         "    return grade\n"
         "\n"
         'scores = {"Ana": 93, "Ben": 78, "Chloe": 64}\n'
         "for name, score in scores.items():\n"
         "    grade = letter_grade(score)\n"
         '        print(f"{name}: {grade}")\n'),
        # intended
        ("def letter_grade(score):\n"
         "    if score >= 90:\n"
         '        grade = "A"\n'
         "    elif score >= 80:\n"
         '        grade = "B"\n'
         "    elif score >= 70:\n"
         '        grade = "C"\n'
         "    else:\n"
         '        grade = "F"\n'
         "    return grade\n"
         "\n"
         'scores = {"Ana": 93, "Ben": 78, "Chloe": 64}\n'
         "for name, score in scores.items():\n"
         "    grade = letter_grade(score)\n"
         '    print(f"{name}: {grade}")\n')),
    ("pygame-while-missing-colon-assign-in-if",
        # broken
        ("import pygame\n"
         "\n"
         "pygame.init()\n"
         "screen = pygame.display.set_mode((640, 480))\n"
         "clock = pygame.time.Clock()\n"
         "x = 50\n"
         "running = True\n"
         "\n"
         "while running\n"
         "    for event in pygame.event.get():\n"
         "        if event.type = pygame.QUIT:\n"
         "            running = False\n"
         "    keys = pygame.key.get_pressed()\n"
         "    if keys[pygame.K_RIGHT]:\n"
         "        x += 5\n"
         "    screen.fill((0, 0, 0))\n"
         "    pygame.draw.circle(screen, (255, 0, 0), (x, 240), 20)\n"
         "    pygame.display.flip()\n"
         "    clock.tick(60)\n"
         "\n"
         "pygame.quit()\n"),
        # intended
        ("import pygame\n"
         "\n"
         "pygame.init()\n"
         "screen = pygame.display.set_mode((640, 480))\n"
         "clock = pygame.time.Clock()\n"
         "x = 50\n"
         "running = True\n"
         "\n"
         "while running:\n"
         "    for event in pygame.event.get():\n"
         "        if event.type == pygame.QUIT:\n"
         "            running = False\n"
         "    keys = pygame.key.get_pressed()\n"
         "    if keys[pygame.K_RIGHT]:\n"
         "        x += 5\n"
         "    screen.fill((0, 0, 0))\n"
         "    pygame.draw.circle(screen, (255, 0, 0), (x, 240), 20)\n"
         "    pygame.display.flip()\n"
         "    clock.tick(60)\n"
         "\n"
         "pygame.quit()\n")),
    ("threading-log-unclosed-string-mismatched-args",
        # broken
        ("import logging\n"
         "import threading\n"
         "import time\n"
         "\n"
         'logging.basicConfig(level=logging.INFO, format="%(threadName)s: %(message)s")\n'
         "\n"
         "def download(file_id):\n"
         '    logging.info("starting download %d", file_id)\n'
         "    time.sleep(1)\n"
         '    logging.info("finished download %d, file_id)\n'
         "\n"
         "threads = []\n"
         "for i in range(3):\n"
         "    t = threading.Thread(target=download, args=(i,])\n"
         "    threads.append(t)\n"
         "    t.start()\n"
         "for t in threads:\n"
         "    t.join()\n"),
        # intended
        ("import logging\n"
         "import threading\n"
         "import time\n"
         "\n"
         'logging.basicConfig(level=logging.INFO, format="%(threadName)s: %(message)s")\n'
         "\n"
         "def download(file_id):\n"
         '    logging.info("starting download %d", file_id)\n'
         "    time.sleep(1)\n"
         '    logging.info("finished download %d", file_id)\n'
         "\n"
         "threads = []\n"
         "for i in range(3):\n"
         "    t = threading.Thread(target=download, args=(i,))\n"
         "    threads.append(t)\n"
         "    t.start()\n"
         "for t in threads:\n"
         "    t.join()\n")),
    ("matplotlib-sales-missing-comma-fstring-brace",
        # broken
        ("import matplotlib.pyplot as plt\n"
         "\n"
         "year = 2023\n"
         'months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]\n'
         "sales = [120, 135, 150 148, 170, 190]\n"
         "\n"
         "fig, ax = plt.subplots(figsize=(8, 4))\n"
         'ax.bar(months, sales, color="steelblue")\n'
         'ax.set_title(f"Monthly sales {year")\n'
         'ax.set_ylabel("Units sold")\n'
         "plt.tight_layout()\n"
         'plt.savefig("sales.png")\n'
         "plt.show()\n"),
        # intended
        ("import matplotlib.pyplot as plt\n"
         "\n"
         "year = 2023\n"
         'months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]\n'
         "sales = [120, 135, 150, 148, 170, 190]\n"
         "\n"
         "fig, ax = plt.subplots(figsize=(8, 4))\n"
         'ax.bar(months, sales, color="steelblue")\n'
         'ax.set_title(f"Monthly sales {year}")\n'
         'ax.set_ylabel("Units sold")\n'
         "plt.tight_layout()\n"
         'plt.savefig("sales.png")\n'
         "plt.show()\n")),
    ("chmod-scripts-py2-octal-ur-prefix",
        # broken
        ("import os\n"
         "\n"
         'SCRIPT_DIR = ur"C:\\tools\\scripts"\n'
         "\n"
         "count = 0\n"
         "for name in os.listdir(SCRIPT_DIR):\n"
         "    path = os.path.join(SCRIPT_DIR, name)\n"
         '    if name.endswith(".sh"):\n'
         "        os.chmod(path, 0755)\n"
         "        count += 1\n"
         '        print("made executable:", name)\n'
         'print(count, "files changed")\n'),
        # intended
        ("import os\n"
         "\n"
         'SCRIPT_DIR = r"C:\\tools\\scripts"\n'
         "\n"
         "count = 0\n"
         "for name in os.listdir(SCRIPT_DIR):\n"
         "    path = os.path.join(SCRIPT_DIR, name)\n"
         '    if name.endswith(".sh"):\n'
         "        os.chmod(path, 0o755)\n"
         "        count += 1\n"
         '        print("made executable:", name)\n'
         'print(count, "files changed")\n')),
    ("config-dict-js-comment-and-ternary",
        # broken
        ("import json\n"
         "import os\n"
         "\n"
         'debug = os.environ.get("DEBUG") == "1"\n'
         "\n"
         "config = {\n"
         '    "host": "0.0.0.0",\n'
         '    "port": 5000,  // default flask port\n'
         '    "log_level": debug ? "DEBUG" : "INFO",\n'
         '    "workers": 4,\n'
         "}\n"
         "\n"
         'with open("config.json", "w") as f:\n'
         "    json.dump(config, f, indent=4)\n"),
        # intended
        ("import json\n"
         "import os\n"
         "\n"
         'debug = os.environ.get("DEBUG") == "1"\n'
         "\n"
         "config = {\n"
         '    "host": "0.0.0.0",\n'
         '    "port": 5000,  # default flask port\n'
         '    "log_level": "DEBUG" if debug else "INFO",\n'
         '    "workers": 4,\n'
         "}\n"
         "\n"
         'with open("config.json", "w") as f:\n'
         "    json.dump(config, f, indent=4)\n")),
    ("django-article-view-empty-if-missing-comma",
        # broken
        ("from django.shortcuts import render, get_object_or_404\n"
         "from .models import Article\n"
         "\n"
         "def article_list(request):\n"
         '    articles = Article.objects.filter(published=True).order_by("-created")\n'
         '    query = request.GET.get("q")\n'
         "    if query:\n"
         "        # TODO: filter by title\n"
         '    return render(request, "blog/list.html", {\n'
         '        "articles": articles\n'
         '        "query": query,\n'
         "    })\n"
         "\n"
         "def article_detail(request, pk):\n"
         "    article = get_object_or_404(Article, pk=pk)\n"
         '    return render(request, "blog/detail.html", {"article": article})\n'),
        # intended
        ("from django.shortcuts import render, get_object_or_404\n"
         "from .models import Article\n"
         "\n"
         "def article_list(request):\n"
         '    articles = Article.objects.filter(published=True).order_by("-created")\n'
         '    query = request.GET.get("q")\n'
         "    if query:\n"
         "        # TODO: filter by title\n"
         "        pass\n"
         '    return render(request, "blog/list.html", {\n'
         '        "articles": articles,\n'
         '        "query": query,\n'
         "    })\n"
         "\n"
         "def article_detail(request, pk):\n"
         "    article = get_object_or_404(Article, pk=pk)\n"
         '    return render(request, "blog/detail.html", {"article": article})\n')),
]
