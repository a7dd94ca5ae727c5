"""The eleventh set of broken snippets: written as a held-out set by someone who had not read
the rules, run once (25/30 parsed within 4 token edits, 21/30 as intended), then used to change
them. Part of ``cases.CASES``."""

ELEVENTH: list[tuple[str, str, str]] = [
    ("requests-status-else-if",
        # broken
        ("import requests\n"
         "\n"
         'API_URL = "https://api.github.com/users/{}/repos"\n'
         "\n"
         "\n"
         "def get_repos(user):\n"
         "    resp = requests.get(API_URL.format(user), timeout=10)\n"
         "    if resp.status_code == 200:\n"
         '        return [repo["name"] for repo in resp.json()]\n'
         "    else if resp.status_code == 404:\n"
         '        print("No such user:", user)\n'
         "    else:\n"
         '        print("Request failed:", resp.status_code)\n'
         "    return []\n"
         "\n"
         "\n"
         'for name in get_repos("octocat"):\n'
         "    print(name)\n"),
        # intended
        ("import requests\n"
         "\n"
         'API_URL = "https://api.github.com/users/{}/repos"\n'
         "\n"
         "\n"
         "def get_repos(user):\n"
         "    resp = requests.get(API_URL.format(user), timeout=10)\n"
         "    if resp.status_code == 200:\n"
         '        return [repo["name"] for repo in resp.json()]\n'
         "    elif resp.status_code == 404:\n"
         '        print("No such user:", user)\n'
         "    else:\n"
         '        print("Request failed:", resp.status_code)\n'
         "    return []\n"
         "\n"
         "\n"
         'for name in get_repos("octocat"):\n'
         "    print(name)\n")),
    ("pandas-boolean-filter-unclosed-bracket",
        # broken
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("employees.csv")\n'
         'df["salary"] = df["salary"].fillna(0)\n'
         "\n"
         'seniors = df[df["age"] > 40\n'
         'by_dept = seniors.groupby("department")["salary"].mean()\n'
         "\n"
         "print(by_dept.sort_values(ascending=False))\n"
         'by_dept.to_csv("senior_salaries.csv")\n'),
        # intended
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("employees.csv")\n'
         'df["salary"] = df["salary"].fillna(0)\n'
         "\n"
         'seniors = df[df["age"] > 40]\n'
         'by_dept = seniors.groupby("department")["salary"].mean()\n'
         "\n"
         "print(by_dept.sort_values(ascending=False))\n"
         'by_dept.to_csv("senior_salaries.csv")\n')),
    ("csv-dictwriter-rows-missing-comma",
        # broken
        ("import csv\n"
         "\n"
         "rows = [\n"
         '    {"name": "Alice", "email": "alice@example.com", "age": 30},\n'
         '    {"name": "Bob" "email": "bob@example.com", "age": 25},\n'
         '    {"name": "Carol", "email": "carol@example.com", "age": 41},\n'
         "]\n"
         "\n"
         'with open("people.csv", "w", newline="") as f:\n'
         '    writer = csv.DictWriter(f, fieldnames=["name", "email", "age"])\n'
         "    writer.writeheader()\n"
         "    for row in rows:\n"
         "        writer.writerow(row)\n"),
        # intended
        ("import csv\n"
         "\n"
         "rows = [\n"
         '    {"name": "Alice", "email": "alice@example.com", "age": 30},\n'
         '    {"name": "Bob", "email": "bob@example.com", "age": 25},\n'
         '    {"name": "Carol", "email": "carol@example.com", "age": 41},\n'
         "]\n"
         "\n"
         'with open("people.csv", "w", newline="") as f:\n'
         '    writer = csv.DictWriter(f, fieldnames=["name", "email", "age"])\n'
         "    writer.writeheader()\n"
         "    for row in rows:\n"
         "        writer.writerow(row)\n")),
    ("flask-fstring-format-spec-unclosed-brace",
        # broken
        ("from flask import Flask, request\n"
         "\n"
         "app = Flask(__name__)\n"
         "\n"
         'PRICES = {"apple": 0.5, "banana": 0.25, "cherry": 3.0}\n'
         "\n"
         "\n"
         '@app.route("/total")\n'
         "def total():\n"
         '    item = request.args.get("item", "apple")\n'
         '    qty = int(request.args.get("qty", 1))\n'
         "    cost = PRICES.get(item, 0) * qty\n"
         '    return f"<p>{qty} x {item} = ${cost:.2f</p>"\n'
         "\n"
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n"),
        # intended
        ("from flask import Flask, request\n"
         "\n"
         "app = Flask(__name__)\n"
         "\n"
         'PRICES = {"apple": 0.5, "banana": 0.25, "cherry": 3.0}\n'
         "\n"
         "\n"
         '@app.route("/total")\n'
         "def total():\n"
         '    item = request.args.get("item", "apple")\n'
         '    qty = int(request.args.get("qty", 1))\n'
         "    cost = PRICES.get(item, 0) * qty\n"
         '    return f"<p>{qty} x {item} = ${cost:.2f}</p>"\n'
         "\n"
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n")),
    ("sqlite-books-table-unclosed-triple-quote",
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
         '")\n'
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
    ("dataclass-post-init-empty-body",
        # broken
        ("from dataclasses import dataclass, field\n"
         "\n"
         "\n"
         "@dataclass\n"
         "class Order:\n"
         "    customer: str\n"
         "    items: list = field(default_factory=list)\n"
         "    total: float = 0.0\n"
         "\n"
         "    def __post_init__(self):\n"
         "        # TODO: validate customer name later\n"
         "\n"
         "    def add(self, name, price):\n"
         "        self.items.append(name)\n"
         "        self.total += price\n"
         "\n"
         "\n"
         'order = Order("Dana")\n'
         'order.add("keyboard", 49.99)\n'
         "print(order)\n"),
        # intended
        ("from dataclasses import dataclass, field\n"
         "\n"
         "\n"
         "@dataclass\n"
         "class Order:\n"
         "    customer: str\n"
         "    items: list = field(default_factory=list)\n"
         "    total: float = 0.0\n"
         "\n"
         "    def __post_init__(self):\n"
         "        # TODO: validate customer name later\n"
         "        pass\n"
         "\n"
         "    def add(self, name, price):\n"
         "        self.items.append(name)\n"
         "        self.total += price\n"
         "\n"
         "\n"
         'order = Order("Dana")\n'
         'order.add("keyboard", 49.99)\n'
         "print(order)\n")),
    ("aiohttp-async-with-in-plain-def",
        # broken
        ("import asyncio\n"
         "import aiohttp\n"
         "\n"
         "\n"
         "def fetch(session, url):\n"
         "    async with session.get(url) as resp:\n"
         "        return await resp.text()\n"
         "\n"
         "\n"
         "async def main(urls):\n"
         "    async with aiohttp.ClientSession() as session:\n"
         "        pages = await asyncio.gather(*(fetch(session, u) for u in urls))\n"
         "    for url, page in zip(urls, pages):\n"
         "        print(url, len(page))\n"
         "\n"
         "\n"
         'asyncio.run(main(["https://example.com", "https://python.org"]))\n'),
        # intended
        ("import asyncio\n"
         "import aiohttp\n"
         "\n"
         "\n"
         "async def fetch(session, url):\n"
         "    async with session.get(url) as resp:\n"
         "        return await resp.text()\n"
         "\n"
         "\n"
         "async def main(urls):\n"
         "    async with aiohttp.ClientSession() as session:\n"
         "        pages = await asyncio.gather(*(fetch(session, u) for u in urls))\n"
         "    for url, page in zip(urls, pages):\n"
         "        print(url, len(page))\n"
         "\n"
         "\n"
         'asyncio.run(main(["https://example.com", "https://python.org"]))\n')),
    ("folder-size-markdown-fence-pasted",
        # broken
        ("```python\n"
         "import os\n"
         "\n"
         'folder = "downloads"\n'
         "total = 0\n"
         "for name in os.listdir(folder):\n"
         "    path = os.path.join(folder, name)\n"
         "    if os.path.isfile(path):\n"
         "        total += os.path.getsize(path)\n"
         'print(f"{folder}: {total / 1024:.1f} KB")\n'
         "```\n"),
        # intended
        ("import os\n"
         "\n"
         'folder = "downloads"\n'
         "total = 0\n"
         "for name in os.listdir(folder):\n"
         "    path = os.path.join(folder, name)\n"
         "    if os.path.isfile(path):\n"
         "        total += os.path.getsize(path)\n"
         'print(f"{folder}: {total / 1024:.1f} KB")\n')),
    ("read-scores-tab-mixed-with-spaces",
        # broken
        ("def read_scores(path):\n"
         "    scores = {}\n"
         "    with open(path) as f:\n"
         "        for line in f:\n"
         '            name, score = line.strip().split(",")\n'
         "\t    scores[name] = int(score)\n"
         "    return scores\n"
         "\n"
         "\n"
         'scores = read_scores("scores.txt")\n'
         "best = max(scores, key=scores.get)\n"
         'print("Best:", best, scores[best])\n'),
        # intended
        ("def read_scores(path):\n"
         "    scores = {}\n"
         "    with open(path) as f:\n"
         "        for line in f:\n"
         '            name, score = line.strip().split(",")\n'
         "            scores[name] = int(score)\n"
         "    return scores\n"
         "\n"
         "\n"
         'scores = read_scores("scores.txt")\n'
         "best = max(scores, key=scores.get)\n"
         'print("Best:", best, scores[best])\n')),
    ("extract-emails-return-unindent-mismatch",
        # broken
        ("import re\n"
         "\n"
         "\n"
         "def extract_emails(text):\n"
         '    pattern = re.compile(r"[\\w.+-]+@[\\w-]+\\.[\\w.]+")\n'
         "    found = pattern.findall(text)\n"
         "    unique = sorted(set(found))\n"
         "   return unique\n"
         "\n"
         "\n"
         'with open("contacts.txt") as f:\n'
         "    emails = extract_emails(f.read())\n"
         'print(len(emails), "addresses")\n'
         "for e in emails:\n"
         "    print(e)\n"),
        # intended
        ("import re\n"
         "\n"
         "\n"
         "def extract_emails(text):\n"
         '    pattern = re.compile(r"[\\w.+-]+@[\\w-]+\\.[\\w.]+")\n'
         "    found = pattern.findall(text)\n"
         "    unique = sorted(set(found))\n"
         "    return unique\n"
         "\n"
         "\n"
         'with open("contacts.txt") as f:\n'
         "    emails = extract_emails(f.read())\n"
         'print(len(emails), "addresses")\n'
         "for e in emails:\n"
         "    print(e)\n")),
    ("json-config-apostrophe-in-single-quotes",
        # broken
        ("import json\n"
         "\n"
         "\n"
         "def load_config(path):\n"
         "    try:\n"
         "        with open(path) as f:\n"
         "            return json.load(f)\n"
         "    except FileNotFoundError:\n"
         "        print('Config file not found, using defaults')\n"
         "        return {}\n"
         "    except json.JSONDecodeError as e:\n"
         "        print('Config isn't valid JSON:', e)\n"
         "        return {}\n"
         "\n"
         "\n"
         'config = load_config("config.json")\n'
         'print(config.get("theme", "light"))\n'),
        # intended
        ("import json\n"
         "\n"
         "\n"
         "def load_config(path):\n"
         "    try:\n"
         "        with open(path) as f:\n"
         "            return json.load(f)\n"
         "    except FileNotFoundError:\n"
         "        print('Config file not found, using defaults')\n"
         "        return {}\n"
         "    except json.JSONDecodeError as e:\n"
         "        print(\"Config isn't valid JSON:\", e)\n"
         "        return {}\n"
         "\n"
         "\n"
         'config = load_config("config.json")\n'
         'print(config.get("theme", "light"))\n')),
    ("os-walk-append-tuple-mismatched-bracket",
        # broken
        ("import os\n"
         "\n"
         "big_files = []\n"
         'for root, dirs, files in os.walk("."):\n'
         "    for name in files:\n"
         "        path = os.path.join(root, name)\n"
         "        size = os.path.getsize(path)\n"
         "        if size > 10 * 1024 * 1024:\n"
         "            big_files.append((path, size])\n"
         "\n"
         "big_files.sort(key=lambda t: t[1], reverse=True)\n"
         "for path, size in big_files[:5]:\n"
         '    print(f"{size // 1024**2} MB  {path}")\n'),
        # intended
        ("import os\n"
         "\n"
         "big_files = []\n"
         'for root, dirs, files in os.walk("."):\n'
         "    for name in files:\n"
         "        path = os.path.join(root, name)\n"
         "        size = os.path.getsize(path)\n"
         "        if size > 10 * 1024 * 1024:\n"
         "            big_files.append((path, size))\n"
         "\n"
         "big_files.sort(key=lambda t: t[1], reverse=True)\n"
         "for path, size in big_files[:5]:\n"
         '    print(f"{size // 1024**2} MB  {path}")\n')),
    ("sorted-key-lambda-with-return",
        # broken
        ("products = [\n"
         '    {"name": "laptop", "price": 999.0, "stock": 4},\n'
         '    {"name": "mouse", "price": 19.5, "stock": 120},\n'
         '    {"name": "monitor", "price": 189.0, "stock": 0},\n'
         "]\n"
         "\n"
         'in_stock = [p for p in products if p["stock"] > 0]\n'
         'cheapest_first = sorted(in_stock, key=lambda p: return p["price"])\n'
         "\n"
         "for p in cheapest_first:\n"
         "    print(f\"{p['name']:<10} {p['price']:>8.2f}\")\n"),
        # intended
        ("products = [\n"
         '    {"name": "laptop", "price": 999.0, "stock": 4},\n'
         '    {"name": "mouse", "price": 19.5, "stock": 120},\n'
         '    {"name": "monitor", "price": 189.0, "stock": 0},\n'
         "]\n"
         "\n"
         'in_stock = [p for p in products if p["stock"] > 0]\n'
         'cheapest_first = sorted(in_stock, key=lambda p: p["price"])\n'
         "\n"
         "for p in cheapest_first:\n"
         "    print(f\"{p['name']:<10} {p['price']:>8.2f}\")\n")),
    ("log-errors-walrus-in-comprehension-unparenthesised",
        # broken
        ("import re\n"
         "\n"
         "lines = [\n"
         '    "2024-01-05 ERROR disk full",\n'
         '    "2024-01-05 INFO backup done",\n'
         '    "2024-01-06 ERROR timeout on db",\n'
         "]\n"
         'pattern = re.compile(r"^(\\S+) ERROR (.*)$")\n'
         "\n"
         "errors = [m.group(2) for line in lines if m := pattern.match(line)]\n"
         'print(len(errors), "errors")\n'
         "for msg in errors:\n"
         '    print(" -", msg)\n'),
        # intended
        ("import re\n"
         "\n"
         "lines = [\n"
         '    "2024-01-05 ERROR disk full",\n'
         '    "2024-01-05 INFO backup done",\n'
         '    "2024-01-06 ERROR timeout on db",\n'
         "]\n"
         'pattern = re.compile(r"^(\\S+) ERROR (.*)$")\n'
         "\n"
         "errors = [m.group(2) for line in lines if (m := pattern.match(line))]\n"
         'print(len(errors), "errors")\n'
         "for msg in errors:\n"
         '    print(" -", msg)\n')),
    ("inactive-users-multiline-if-without-parens",
        # broken
        ("import datetime\n"
         "\n"
         "users = [\n"
         '    {"name": "ann", "active": True, "last_login": datetime.date(2024, 3, 1)},\n'
         '    {"name": "ben", "active": False, "last_login": datetime.date(2023, 11, 20)},\n'
         "]\n"
         "cutoff = datetime.date.today() - datetime.timedelta(days=90)\n"
         "\n"
         "for user in users:\n"
         '    if user["active"] and\n'
         '            user["last_login"] < cutoff:\n'
         '        print("remind", user["name"])\n'),
        # intended
        ("import datetime\n"
         "\n"
         "users = [\n"
         '    {"name": "ann", "active": True, "last_login": datetime.date(2024, 3, 1)},\n'
         '    {"name": "ben", "active": False, "last_login": datetime.date(2023, 11, 20)},\n'
         "]\n"
         "cutoff = datetime.date.today() - datetime.timedelta(days=90)\n"
         "\n"
         "for user in users:\n"
         '    if (user["active"] and\n'
         '            user["last_login"] < cutoff):\n'
         '        print("remind", user["name"])\n')),
    ("circle-area-missing-multiply",
        # broken
        ("import math\n"
         "\n"
         "\n"
         "def describe_circle(r):\n"
         "    area = math.pi r ** 2\n"
         "    circumference = 2 * math.pi * r\n"
         '    return {"radius": r, "area": round(area, 2), "circumference": round(circumference, 2)}\n'
         "\n"
         "\n"
         "for radius in [1, 2.5, 10]:\n"
         "    print(describe_circle(radius))\n"),
        # intended
        ("import math\n"
         "\n"
         "\n"
         "def describe_circle(r):\n"
         "    area = math.pi * r ** 2\n"
         "    circumference = 2 * math.pi * r\n"
         '    return {"radius": r, "area": round(area, 2), "circumference": round(circumference, 2)}\n'
         "\n"
         "\n"
         "for radius in [1, 2.5, 10]:\n"
         "    print(describe_circle(radius))\n")),
    ("grade-function-esle-typo",
        # broken
        ("def grade(score):\n"
         "    if score >= 90:\n"
         '        return "A"\n'
         "    elif score >= 80:\n"
         '        return "B"\n'
         "    elif score >= 70:\n"
         '        return "C"\n'
         "    esle:\n"
         '        return "F"\n'
         "\n"
         "\n"
         'marks = {"sam": 93, "lee": 71, "kim": 58}\n'
         "for student, mark in marks.items():\n"
         "    print(student, grade(mark))\n"),
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
         "\n"
         'marks = {"sam": 93, "lee": 71, "kim": 58}\n'
         "for student, mark in marks.items():\n"
         "    print(student, grade(mark))\n")),
    ("inventory-dict-comprehension-comma-for-colon",
        # broken
        ("import json\n"
         "\n"
         'with open("inventory.json") as f:\n'
         "    inventory = json.load(f)\n"
         "\n"
         "low_stock = {name, qty for name, qty in inventory.items() if qty < 5}\n"
         "if low_stock:\n"
         '    print("Reorder:", ", ".join(sorted(low_stock)))\n'
         "else:\n"
         '    print("All good")\n'),
        # intended
        ("import json\n"
         "\n"
         'with open("inventory.json") as f:\n'
         "    inventory = json.load(f)\n"
         "\n"
         "low_stock = {name: qty for name, qty in inventory.items() if qty < 5}\n"
         "if low_stock:\n"
         '    print("Reorder:", ", ".join(sorted(low_stock)))\n'
         "else:\n"
         '    print("All good")\n')),
    ("download-except-indented-inside-try",
        # broken
        ("import requests\n"
         "\n"
         "\n"
         "def download(url, dest):\n"
         "    try:\n"
         "        resp = requests.get(url, timeout=15)\n"
         "        resp.raise_for_status()\n"
         "        except requests.RequestException as e:\n"
         '        print("download failed:", e)\n'
         "        return False\n"
         '    with open(dest, "wb") as f:\n'
         "        f.write(resp.content)\n"
         "    return True\n"
         "\n"
         "\n"
         'download("https://example.com/data.zip", "data.zip")\n'),
        # intended
        ("import requests\n"
         "\n"
         "\n"
         "def download(url, dest):\n"
         "    try:\n"
         "        resp = requests.get(url, timeout=15)\n"
         "        resp.raise_for_status()\n"
         "    except requests.RequestException as e:\n"
         '        print("download failed:", e)\n'
         "        return False\n"
         '    with open(dest, "wb") as f:\n'
         "        f.write(resp.content)\n"
         "    return True\n"
         "\n"
         "\n"
         'download("https://example.com/data.zip", "data.zip")\n')),
    ("flask-route-methods-list-unclosed",
        # broken
        ("from flask import Flask, jsonify, request\n"
         "\n"
         "app = Flask(__name__)\n"
         "todos = []\n"
         "\n"
         "\n"
         '@app.route("/todos", methods=["GET", "POST")\n'
         "def todos_view():\n"
         '    if request.method == "POST":\n'
         '        todos.append(request.json["title"])\n'
         "        return jsonify(ok=True), 201\n"
         "    return jsonify(todos)\n"
         "\n"
         "\n"
         "app.run(port=5000)\n"),
        # intended
        ("from flask import Flask, jsonify, request\n"
         "\n"
         "app = Flask(__name__)\n"
         "todos = []\n"
         "\n"
         "\n"
         '@app.route("/todos", methods=["GET", "POST"])\n'
         "def todos_view():\n"
         '    if request.method == "POST":\n'
         '        todos.append(request.json["title"])\n'
         "        return jsonify(ok=True), 201\n"
         "    return jsonify(todos)\n"
         "\n"
         "\n"
         "app.run(port=5000)\n")),
    ("tkinter-greeter-def-colon-and-button-paren",
        # broken
        ("import tkinter as tk\n"
         "\n"
         "\n"
         "def on_click()\n"
         "    name = entry.get()\n"
         '    label.config(text=f"Hello, {name}!")\n'
         "\n"
         "\n"
         "root = tk.Tk()\n"
         'root.title("Greeter")\n'
         "entry = tk.Entry(root, width=30)\n"
         "entry.pack(padx=10, pady=5)\n"
         'button = tk.Button(root, text="Greet", command=on_click\n'
         "button.pack(pady=5)\n"
         'label = tk.Label(root, text="")\n'
         "label.pack(pady=10)\n"
         "root.mainloop()\n"),
        # intended
        ("import tkinter as tk\n"
         "\n"
         "\n"
         "def on_click():\n"
         "    name = entry.get()\n"
         '    label.config(text=f"Hello, {name}!")\n'
         "\n"
         "\n"
         "root = tk.Tk()\n"
         'root.title("Greeter")\n'
         "entry = tk.Entry(root, width=30)\n"
         "entry.pack(padx=10, pady=5)\n"
         'button = tk.Button(root, text="Greet", command=on_click)\n'
         "button.pack(pady=5)\n"
         'label = tk.Label(root, text="")\n'
         "label.pack(pady=10)\n"
         "root.mainloop()\n")),
    ("fetch-title-py2-print-and-except-comma",
        # broken
        ("import urllib.request\n"
         "\n"
         "\n"
         "def fetch_title(url):\n"
         "    try:\n"
         '        html = urllib.request.urlopen(url).read().decode("utf-8")\n'
         "    except Exception, e:\n"
         '        print("failed:", e)\n'
         "        return None\n"
         '    start = html.find("<title>") + len("<title>")\n'
         '    end = html.find("</title>")\n'
         "    return html[start:end]\n"
         "\n"
         "\n"
         'title = fetch_title("https://www.python.org")\n'
         'print "Title:", title\n'),
        # intended
        ("import urllib.request\n"
         "\n"
         "\n"
         "def fetch_title(url):\n"
         "    try:\n"
         '        html = urllib.request.urlopen(url).read().decode("utf-8")\n'
         "    except Exception as e:\n"
         '        print("failed:", e)\n'
         "        return None\n"
         '    start = html.find("<title>") + len("<title>")\n'
         '    end = html.find("</title>")\n'
         "    return html[start:end]\n"
         "\n"
         "\n"
         'title = fetch_title("https://www.python.org")\n'
         'print("Title:", title)\n')),
    ("fruit-table-py2-backticks-and-not-equal",
        # broken
        ("def format_row(cells):\n"
         '    return " | ".join(str(c) for c in cells)\n'
         "\n"
         "\n"
         'rows = [(1, "apples", 3), (2, "pears", 0), (3, "plums", 7)]\n'
         "for idx, fruit, qty in rows:\n"
         "    if qty <> 0:\n"
         "        print(format_row([idx, fruit, qty]))\n"
         "    else:\n"
         '        print("out of " + fruit + " (row " + `idx` + ")")\n'),
        # intended
        ("def format_row(cells):\n"
         '    return " | ".join(str(c) for c in cells)\n'
         "\n"
         "\n"
         'rows = [(1, "apples", 3), (2, "pears", 0), (3, "plums", 7)]\n'
         "for idx, fruit, qty in rows:\n"
         "    if qty != 0:\n"
         "        print(format_row([idx, fruit, qty]))\n"
         "    else:\n"
         '        print("out of " + fruit + " (row " + str(idx) + ")")\n')),
    ("find-user-js-and-and-bang-not",
        # broken
        ("def find_user(users, name):\n"
         "    found = None\n"
         "    for u in users:\n"
         '        if u["name"] == name && u["active"]:\n'
         "            found = u\n"
         "            break\n"
         "    if !found:\n"
         '        print("no active user named", name)\n'
         "    return found\n"
         "\n"
         "\n"
         'users = [{"name": "zoe", "active": True}, {"name": "max", "active": False}]\n'
         'find_user(users, "max")\n'),
        # intended
        ("def find_user(users, name):\n"
         "    found = None\n"
         "    for u in users:\n"
         '        if u["name"] == name and u["active"]:\n'
         "            found = u\n"
         "            break\n"
         "    if not found:\n"
         '        print("no active user named", name)\n'
         "    return found\n"
         "\n"
         "\n"
         'users = [{"name": "zoe", "active": True}, {"name": "max", "active": False}]\n'
         'find_user(users, "max")\n')),
    ("dice-roll-js-comment-and-ternary",
        # broken
        ("import random\n"
         "\n"
         "\n"
         "def roll(sides=6):\n"
         "    // roll a single die\n"
         "    return random.randint(1, sides)\n"
         "\n"
         "\n"
         "results = [roll() for _ in range(10)]\n"
         "for r in results:\n"
         '    label = r > 3 ? "high" : "low"\n'
         "    print(r, label)\n"
         'print("average:", sum(results) / len(results))\n'),
        # intended
        ("import random\n"
         "\n"
         "\n"
         "def roll(sides=6):\n"
         "    # roll a single die\n"
         "    return random.randint(1, sides)\n"
         "\n"
         "\n"
         "results = [roll() for _ in range(10)]\n"
         "for r in results:\n"
         '    label = "high" if r > 3 else "low"\n'
         "    print(r, label)\n"
         'print("average:", sum(results) / len(results))\n')),
    ("sqlite-add-user-missing-comma-and-stray-backtick",
        # broken
        ("import sqlite3\n"
         "\n"
         'conn = sqlite3.connect("users.db")\n'
         'conn.execute("CREATE TABLE IF NOT EXISTS users (name TEXT, email TEXT)")\n'
         "\n"
         "\n"
         "def add_user(name, email):\n"
         '    conn.execute("INSERT INTO users VALUES (?, ?)", (name email))\n'
         "    conn.commit()\n"
         "\n"
         "\n"
         'add_user("amy", "amy@example.com")\n'
         'for row in conn.execute("SELECT name, email FROM users"):\n'
         "    print(row)\n"
         "conn.close()`\n"),
        # intended
        ("import sqlite3\n"
         "\n"
         'conn = sqlite3.connect("users.db")\n'
         'conn.execute("CREATE TABLE IF NOT EXISTS users (name TEXT, email TEXT)")\n'
         "\n"
         "\n"
         "def add_user(name, email):\n"
         '    conn.execute("INSERT INTO users VALUES (?, ?)", (name, email))\n'
         "    conn.commit()\n"
         "\n"
         "\n"
         'add_user("amy", "amy@example.com")\n'
         'for row in conn.execute("SELECT name, email FROM users"):\n'
         "    print(row)\n"
         "conn.close()\n")),
    ("order-totals-smart-quotes-and-for-colon",
        # broken
        ("import json\n"
         "\n"
         "with open(“orders.json”) as f:\n"
         "    orders = json.load(f)\n"
         "\n"
         "totals = {}\n"
         "for order in orders\n"
         '    customer = order["customer"]\n'
         '    totals[customer] = totals.get(customer, 0) + order["amount"]\n'
         "\n"
         "for customer, amount in sorted(totals.items()):\n"
         '    print(f"{customer}: {amount:.2f}")\n'),
        # intended
        ("import json\n"
         "\n"
         'with open("orders.json") as f:\n'
         "    orders = json.load(f)\n"
         "\n"
         "totals = {}\n"
         "for order in orders:\n"
         '    customer = order["customer"]\n'
         '    totals[customer] = totals.get(customer, 0) + order["amount"]\n'
         "\n"
         "for customer, amount in sorted(totals.items()):\n"
         '    print(f"{customer}: {amount:.2f}")\n')),
    ("bank-account-retrun-and-overindented-attr",
        # broken
        ("class BankAccount:\n"
         "    def __init__(self, owner, balance=0):\n"
         "        self.owner = owner\n"
         "          self.balance = balance\n"
         "\n"
         "    def deposit(self, amount):\n"
         "        if amount <= 0:\n"
         '            raise ValueError("amount must be positive")\n'
         "        self.balance += amount\n"
         "        retrun self.balance\n"
         "\n"
         "    def withdraw(self, amount):\n"
         "        if amount > self.balance:\n"
         '            raise ValueError("insufficient funds")\n'
         "        self.balance -= amount\n"
         "        return self.balance\n"
         "\n"
         "\n"
         'acct = BankAccount("Ravi", 100)\n'
         "print(acct.deposit(50))\n"
         "print(acct.withdraw(30))\n"),
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
         "        return self.balance\n"
         "\n"
         "\n"
         'acct = BankAccount("Ravi", 100)\n'
         "print(acct.deposit(50))\n"
         "print(acct.withdraw(30))\n")),
    ("argparse-count-lines-function-keyword-and-plus-plus",
        # broken
        ("import argparse\n"
         "\n"
         "\n"
         "function count_lines(path, skip_blank):\n"
         "    n = 0\n"
         "    with open(path) as f:\n"
         "        for line in f:\n"
         "            if skip_blank and not line.strip():\n"
         "                continue\n"
         "            n++\n"
         "    return n\n"
         "\n"
         "\n"
         'parser = argparse.ArgumentParser(description="Count lines in a file")\n'
         'parser.add_argument("path")\n'
         'parser.add_argument("--skip-blank", action="store_true")\n'
         "args = parser.parse_args()\n"
         "print(count_lines(args.path, args.skip_blank))\n"),
        # intended
        ("import argparse\n"
         "\n"
         "\n"
         "def count_lines(path, skip_blank):\n"
         "    n = 0\n"
         "    with open(path) as f:\n"
         "        for line in f:\n"
         "            if skip_blank and not line.strip():\n"
         "                continue\n"
         "            n += 1\n"
         "    return n\n"
         "\n"
         "\n"
         'parser = argparse.ArgumentParser(description="Count lines in a file")\n'
         'parser.add_argument("path")\n'
         'parser.add_argument("--skip-blank", action="store_true")\n'
         "args = parser.parse_args()\n"
         "print(count_lines(args.path, args.skip_blank))\n")),
    ("pandas-monthly-assign-in-if-and-extra-paren",
        # broken
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_excel("sales.xlsx", sheet_name="2024")\n'
         'monthly = df.groupby(df["date"].dt.month)["revenue"].sum()\n'
         "\n"
         "for month, revenue in monthly.items():\n"
         "    if revenue = 0:\n"
         '        print(f"month {month}: no sales")\n'
         "    elif revenue > monthly.mean():\n"
         '        print(f"month {month}: above average ({revenue:,.0f})")\n'
         "\n"
         'print("best month:", monthly.idxmax()))\n'),
        # intended
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_excel("sales.xlsx", sheet_name="2024")\n'
         'monthly = df.groupby(df["date"].dt.month)["revenue"].sum()\n'
         "\n"
         "for month, revenue in monthly.items():\n"
         "    if revenue == 0:\n"
         '        print(f"month {month}: no sales")\n'
         "    elif revenue > monthly.mean():\n"
         '        print(f"month {month}: above average ({revenue:,.0f})")\n'
         "\n"
         'print("best month:", monthly.idxmax())\n')),
]
