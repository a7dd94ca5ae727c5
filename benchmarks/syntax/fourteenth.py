"""The fourteenth set of broken snippets: written as a held-out set by someone who had not read
the rules, run once (27/30 parsed within 4 token edits, 24/30 as intended), then used to change
them. Part of ``cases.CASES``."""

FOURTEENTH: list[tuple[str, str, str]] = [
    ("requests-weather-json-loads-unclosed-paren",
        # broken
        ("import json\n"
         "import requests\n"
         "\n"
         'API_KEY = "abc123"\n'
         'CITY = "London"\n'
         "\n"
         "def get_weather(city):\n"
         '    url = f"https://api.openweathermap.org/data/2.5/weather?q={city}&appid={API_KEY}"\n'
         "    resp = requests.get(url, timeout=10)\n"
         "    data = json.loads(resp.text\n"
         '    temp = data["main"]["temp"] - 273.15\n'
         "    return round(temp, 1)\n"
         "\n"
         'print(f"Temperature in {CITY}: {get_weather(CITY)} C")\n'),
        # intended
        ("import json\n"
         "import requests\n"
         "\n"
         'API_KEY = "abc123"\n'
         'CITY = "London"\n'
         "\n"
         "def get_weather(city):\n"
         '    url = f"https://api.openweathermap.org/data/2.5/weather?q={city}&appid={API_KEY}"\n'
         "    resp = requests.get(url, timeout=10)\n"
         "    data = json.loads(resp.text)\n"
         '    temp = data["main"]["temp"] - 273.15\n'
         "    return round(temp, 1)\n"
         "\n"
         'print(f"Temperature in {CITY}: {get_weather(CITY)} C")\n')),
    ("flask-greet-fstring-same-quotes-inside",
        # broken
        ("from flask import Flask\n"
         "\n"
         "app = Flask(__name__)\n"
         "\n"
         'users = {"alice": {"name": "Alice", "age": 30}}\n'
         "\n"
         '@app.route("/greet/<username>")\n'
         "def greet(username):\n"
         "    user = users.get(username)\n"
         "    if user is None:\n"
         '        return "Unknown user", 404\n'
         '    return f"Hello {user["name"]}, you are {user["age"]} years old"\n'
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n"),
        # intended
        ("from flask import Flask\n"
         "\n"
         "app = Flask(__name__)\n"
         "\n"
         'users = {"alice": {"name": "Alice", "age": 30}}\n'
         "\n"
         '@app.route("/greet/<username>")\n'
         "def greet(username):\n"
         "    user = users.get(username)\n"
         "    if user is None:\n"
         '        return "Unknown user", 404\n'
         "    return f\"Hello {user['name']}, you are {user['age']} years old\"\n"
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n")),
    ("tkinter-counter-button-missing-comma",
        # broken
        ("import tkinter as tk\n"
         "\n"
         "count = 0\n"
         "\n"
         "def increment():\n"
         "    global count\n"
         "    count += 1\n"
         '    label.config(text=f"Clicked {count} times")\n'
         "\n"
         "root = tk.Tk()\n"
         'root.title("Counter")\n'
         'label = tk.Label(root, text="Clicked 0 times", font=("Arial", 14))\n'
         "label.pack(pady=10)\n"
         'button = tk.Button(root, text="Click me" command=increment)\n'
         "button.pack()\n"
         "root.mainloop()\n"),
        # intended
        ("import tkinter as tk\n"
         "\n"
         "count = 0\n"
         "\n"
         "def increment():\n"
         "    global count\n"
         "    count += 1\n"
         '    label.config(text=f"Clicked {count} times")\n'
         "\n"
         "root = tk.Tk()\n"
         'root.title("Counter")\n'
         'label = tk.Label(root, text="Clicked 0 times", font=("Arial", 14))\n'
         "label.pack(pady=10)\n"
         'button = tk.Button(root, text="Click me", command=increment)\n'
         "button.pack()\n"
         "root.mainloop()\n")),
    ("csv-dictwriter-writerow-unexpected-indent",
        # broken
        ("import csv\n"
         "\n"
         "rows = [\n"
         '    {"name": "Ann", "score": "91"},\n'
         '    {"name": "Bob", "score": "78"},\n'
         "]\n"
         "\n"
         'with open("scores.csv", "w", newline="") as f:\n'
         '    writer = csv.DictWriter(f, fieldnames=["name", "score"])\n'
         "    writer.writeheader()\n"
         "    for row in rows:\n"
         '        row["score"] = int(row["score"])\n'
         "            writer.writerow(row)\n"
         "\n"
         'print("done")\n'),
        # intended
        ("import csv\n"
         "\n"
         "rows = [\n"
         '    {"name": "Ann", "score": "91"},\n'
         '    {"name": "Bob", "score": "78"},\n'
         "]\n"
         "\n"
         'with open("scores.csv", "w", newline="") as f:\n'
         '    writer = csv.DictWriter(f, fieldnames=["name", "score"])\n'
         "    writer.writeheader()\n"
         "    for row in rows:\n"
         '        row["score"] = int(row["score"])\n'
         "        writer.writerow(row)\n"
         "\n"
         'print("done")\n')),
    ("sqlite-create-table-unterminated-triple-quote",
        # broken
        ("import sqlite3\n"
         "\n"
         'conn = sqlite3.connect("library.db")\n'
         "cur = conn.cursor()\n"
         "\n"
         'cur.execute("""\n'
         "    CREATE TABLE IF NOT EXISTS books (\n"
         "        id INTEGER PRIMARY KEY,\n"
         "        title TEXT NOT NULL,\n"
         "        author TEXT\n"
         "    )\n"
         '"")\n'
         "\n"
         'cur.execute("INSERT INTO books (title, author) VALUES (?, ?)", ("Dune", "Frank Herbert"))\n'
         "conn.commit()\n"
         "conn.close()\n"),
        # intended
        ("import sqlite3\n"
         "\n"
         'conn = sqlite3.connect("library.db")\n'
         "cur = conn.cursor()\n"
         "\n"
         'cur.execute("""\n'
         "    CREATE TABLE IF NOT EXISTS books (\n"
         "        id INTEGER PRIMARY KEY,\n"
         "        title TEXT NOT NULL,\n"
         "        author TEXT\n"
         "    )\n"
         '""")\n'
         "\n"
         'cur.execute("INSERT INTO books (title, author) VALUES (?, ?)", ("Dune", "Frank Herbert"))\n'
         "conn.commit()\n"
         "conn.close()\n")),
    ("pygame-quit-event-assignment-in-if",
        # broken
        ("import pygame\n"
         "\n"
         "pygame.init()\n"
         "screen = pygame.display.set_mode((640, 480))\n"
         "clock = pygame.time.Clock()\n"
         "running = True\n"
         "\n"
         "while running:\n"
         "    for event in pygame.event.get():\n"
         "        if event.type = pygame.QUIT:\n"
         "            running = False\n"
         "    screen.fill((30, 30, 30))\n"
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
         "running = True\n"
         "\n"
         "while running:\n"
         "    for event in pygame.event.get():\n"
         "        if event.type == pygame.QUIT:\n"
         "            running = False\n"
         "    screen.fill((30, 30, 30))\n"
         "    pygame.display.flip()\n"
         "    clock.tick(60)\n"
         "\n"
         "pygame.quit()\n")),
    ("json-config-dict-missing-comma-after-value",
        # broken
        ("import json\n"
         "\n"
         "config = {\n"
         '    "host": "localhost",\n'
         '    "port": 5432,\n'
         '    "user": "admin"\n'
         '    "password": "secret",\n'
         '    "options": {"timeout": 30, "retries": 3},\n'
         "}\n"
         "\n"
         'with open("config.json", "w") as f:\n'
         "    json.dump(config, f, indent=4)\n"
         "\n"
         'print("Saved", len(config), "keys")\n'),
        # intended
        ("import json\n"
         "\n"
         "config = {\n"
         '    "host": "localhost",\n'
         '    "port": 5432,\n'
         '    "user": "admin",\n'
         '    "password": "secret",\n'
         '    "options": {"timeout": 30, "retries": 3},\n'
         "}\n"
         "\n"
         'with open("config.json", "w") as f:\n'
         "    json.dump(config, f, indent=4)\n"
         "\n"
         'print("Saved", len(config), "keys")\n')),
    ("random-readings-clamp-comprehension-else-at-end",
        # broken
        ("import random\n"
         "\n"
         "readings = [random.randint(-20, 120) for _ in range(10)]\n"
         "\n"
         "clamped = [r for r in readings if r <= 100 else 100]\n"
         "average = sum(clamped) / len(clamped)\n"
         "\n"
         'print("raw:", readings)\n'
         'print("clamped:", clamped)\n'
         'print(f"average: {average:.1f}")\n'),
        # intended
        ("import random\n"
         "\n"
         "readings = [random.randint(-20, 120) for _ in range(10)]\n"
         "\n"
         "clamped = [r if r <= 100 else 100 for r in readings]\n"
         "average = sum(clamped) / len(clamped)\n"
         "\n"
         'print("raw:", readings)\n'
         'print("clamped:", clamped)\n'
         'print(f"average: {average:.1f}")\n')),
    ("sorted-students-lambda-with-return",
        # broken
        ("students = [\n"
         '    ("Maria", 88),\n'
         '    ("John", 72),\n'
         '    ("Priya", 95),\n'
         "]\n"
         "\n"
         "ranked = sorted(students, key=lambda s: return s[1], reverse=True)\n"
         "\n"
         "for position, (name, grade) in enumerate(ranked, start=1):\n"
         '    print(f"{position}. {name} - {grade}")\n'),
        # intended
        ("students = [\n"
         '    ("Maria", 88),\n'
         '    ("John", 72),\n'
         '    ("Priya", 95),\n'
         "]\n"
         "\n"
         "ranked = sorted(students, key=lambda s: s[1], reverse=True)\n"
         "\n"
         "for position, (name, grade) in enumerate(ranked, start=1):\n"
         '    print(f"{position}. {name} - {grade}")\n')),
    ("argparse-choices-list-never-closed",
        # broken
        ("import argparse\n"
         "\n"
         'parser = argparse.ArgumentParser(description="Convert data files")\n'
         'parser.add_argument("input", help="file to convert")\n'
         'parser.add_argument("--format", choices=["csv", "json", "xml", default="csv")\n'
         'parser.add_argument("-v", "--verbose", action="store_true")\n'
         "args = parser.parse_args()\n"
         "\n"
         "if args.verbose:\n"
         '    print(f"Converting {args.input} to {args.format}")\n'),
        # intended
        ("import argparse\n"
         "\n"
         'parser = argparse.ArgumentParser(description="Convert data files")\n'
         'parser.add_argument("input", help="file to convert")\n'
         'parser.add_argument("--format", choices=["csv", "json", "xml"], default="csv")\n'
         'parser.add_argument("-v", "--verbose", action="store_true")\n'
         "args = parser.parse_args()\n"
         "\n"
         "if args.verbose:\n"
         '    print(f"Converting {args.input} to {args.format}")\n')),
    ("shutil-backup-print-smart-quotes",
        # broken
        ("import shutil\n"
         "from pathlib import Path\n"
         "\n"
         'src = Path("documents")\n'
         'dst = Path("backup")\n'
         "dst.mkdir(exist_ok=True)\n"
         "\n"
         'for file in src.glob("*.txt"):\n'
         "    shutil.copy2(file, dst / file.name)\n"
         '    print(f"copied {file.name}")\n'
         "\n"
         "print(“Backup finished”)\n"),
        # intended
        ("import shutil\n"
         "from pathlib import Path\n"
         "\n"
         'src = Path("documents")\n'
         'dst = Path("backup")\n'
         "dst.mkdir(exist_ok=True)\n"
         "\n"
         'for file in src.glob("*.txt"):\n'
         "    shutil.copy2(file, dst / file.name)\n"
         '    print(f"copied {file.name}")\n'
         "\n"
         'print("Backup finished")\n')),
    ("unittest-method-body-tab-after-spaces",
        # broken
        ("import unittest\n"
         "\n"
         "def add(a, b):\n"
         "    return a + b\n"
         "\n"
         "class TestAdd(unittest.TestCase):\n"
         "    def test_positive(self):\n"
         "        self.assertEqual(add(2, 3), 5)\n"
         "\n"
         "    def test_negative(self):\n"
         "        result = add(-1, -1)\n"
         "\tself.assertEqual(result, -2)\n"
         "\n"
         'if __name__ == "__main__":\n'
         "    unittest.main()\n"),
        # intended
        ("import unittest\n"
         "\n"
         "def add(a, b):\n"
         "    return a + b\n"
         "\n"
         "class TestAdd(unittest.TestCase):\n"
         "    def test_positive(self):\n"
         "        self.assertEqual(add(2, 3), 5)\n"
         "\n"
         "    def test_negative(self):\n"
         "        result = add(-1, -1)\n"
         "        self.assertEqual(result, -2)\n"
         "\n"
         'if __name__ == "__main__":\n'
         "    unittest.main()\n")),
    ("socket-client-java-catch-instead-of-except",
        # broken
        ("import socket\n"
         "\n"
         'HOST = "127.0.0.1"\n'
         "PORT = 5000\n"
         "\n"
         "try:\n"
         "    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:\n"
         "        s.connect((HOST, PORT))\n"
         '        s.sendall(b"ping")\n'
         "        reply = s.recv(1024)\n"
         '        print("Received", reply.decode())\n'
         "catch ConnectionRefusedError as e:\n"
         '    print("Server is not running:", e)\n'),
        # intended
        ("import socket\n"
         "\n"
         'HOST = "127.0.0.1"\n'
         "PORT = 5000\n"
         "\n"
         "try:\n"
         "    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:\n"
         "        s.connect((HOST, PORT))\n"
         '        s.sendall(b"ping")\n'
         "        reply = s.recv(1024)\n"
         '        print("Received", reply.decode())\n'
         "except ConnectionRefusedError as e:\n"
         '    print("Server is not running:", e)\n')),
    ("pandas-iloc-slice-closed-with-paren",
        # broken
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("measurements.csv")\n'
         "print(df.shape)\n"
         "\n"
         "subset = df.iloc[:, 1:4)\n"
         'subset.columns = ["temp", "humidity", "pressure"]\n'
         "print(subset.describe())\n"
         'subset.to_csv("subset.csv", index=False)\n'),
        # intended
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("measurements.csv")\n'
         "print(df.shape)\n"
         "\n"
         "subset = df.iloc[:, 1:4]\n"
         'subset.columns = ["temp", "humidity", "pressure"]\n'
         "print(subset.describe())\n"
         'subset.to_csv("subset.csv", index=False)\n')),
    ("datetime-mondays-leading-zero-month-day",
        # broken
        ("from datetime import datetime, timedelta\n"
         "\n"
         "start = datetime(2024, 03, 01)\n"
         "end = start + timedelta(days=30)\n"
         "\n"
         "current = start\n"
         "while current <= end:\n"
         "    if current.weekday() == 0:\n"
         '        print("Monday:", current.strftime("%Y-%m-%d"))\n'
         "    current += timedelta(days=1)\n"),
        # intended
        ("from datetime import datetime, timedelta\n"
         "\n"
         "start = datetime(2024, 3, 1)\n"
         "end = start + timedelta(days=30)\n"
         "\n"
         "current = start\n"
         "while current <= end:\n"
         "    if current.weekday() == 0:\n"
         '        print("Monday:", current.strftime("%Y-%m-%d"))\n'
         "    current += timedelta(days=1)\n")),
    ("counter-frequent-words-comma-instead-of-colon-comprehension",
        # broken
        ("from collections import Counter\n"
         "\n"
         'text = "the quick brown fox jumps over the lazy dog the end"\n'
         "counts = Counter(text.split())\n"
         "\n"
         "frequent = {word, n for word, n in counts.items() if n > 1}\n"
         "\n"
         "for word, n in sorted(frequent.items()):\n"
         "    print(word, n)\n"),
        # intended
        ("from collections import Counter\n"
         "\n"
         'text = "the quick brown fox jumps over the lazy dog the end"\n'
         "counts = Counter(text.split())\n"
         "\n"
         "frequent = {word: n for word, n in counts.items() if n > 1}\n"
         "\n"
         "for word, n in sorted(frequent.items()):\n"
         "    print(word, n)\n")),
    ("selenium-xpath-double-quotes-inside-double-quotes",
        # broken
        ("from selenium import webdriver\n"
         "from selenium.webdriver.common.by import By\n"
         "\n"
         "driver = webdriver.Firefox()\n"
         'driver.get("https://example.com/login")\n'
         "\n"
         'driver.find_element(By.ID, "username").send_keys("demo")\n'
         'driver.find_element(By.ID, "password").send_keys("demo123")\n'
         'driver.find_element(By.XPATH, "//button[@type="submit"]").click()\n'
         "\n"
         "print(driver.title)\n"
         "driver.quit()\n"),
        # intended
        ("from selenium import webdriver\n"
         "from selenium.webdriver.common.by import By\n"
         "\n"
         "driver = webdriver.Firefox()\n"
         'driver.get("https://example.com/login")\n'
         "\n"
         'driver.find_element(By.ID, "username").send_keys("demo")\n'
         'driver.find_element(By.ID, "password").send_keys("demo123")\n'
         "driver.find_element(By.XPATH, \"//button[@type='submit']\").click()\n"
         "\n"
         "print(driver.title)\n"
         "driver.quit()\n")),
    ("turtle-draw-square-body-not-indented",
        # broken
        ("import turtle\n"
         "\n"
         "t = turtle.Turtle()\n"
         "t.speed(0)\n"
         "\n"
         "def draw_square(size):\n"
         "for _ in range(4):\n"
         "    t.forward(size)\n"
         "    t.left(90)\n"
         "\n"
         "for i in range(36):\n"
         "    draw_square(100)\n"
         "    t.right(10)\n"
         "\n"
         "turtle.done()\n"),
        # intended
        ("import turtle\n"
         "\n"
         "t = turtle.Turtle()\n"
         "t.speed(0)\n"
         "\n"
         "def draw_square(size):\n"
         "    for _ in range(4):\n"
         "        t.forward(size)\n"
         "        t.left(90)\n"
         "\n"
         "for i in range(36):\n"
         "    draw_square(100)\n"
         "    t.right(10)\n"
         "\n"
         "turtle.done()\n")),
    ("logging-basicconfig-multiline-call-not-closed",
        # broken
        ("import logging\n"
         "import os\n"
         "\n"
         "logging.basicConfig(\n"
         "    level=logging.INFO,\n"
         '    format="%(asctime)s %(levelname)s %(message)s",\n'
         '    filename="app.log"\n'
         "\n"
         "logger = logging.getLogger(__name__)\n"
         "\n"
         "def process(path):\n"
         "    size = os.path.getsize(path)\n"
         '    logger.info("Processing %s (%d bytes)", path, size)\n'
         "    return size\n"
         "\n"
         'process("data.txt")\n'),
        # intended
        ("import logging\n"
         "import os\n"
         "\n"
         "logging.basicConfig(\n"
         "    level=logging.INFO,\n"
         '    format="%(asctime)s %(levelname)s %(message)s",\n'
         '    filename="app.log"\n'
         ")\n"
         "\n"
         "logger = logging.getLogger(__name__)\n"
         "\n"
         "def process(path):\n"
         "    size = os.path.getsize(path)\n"
         '    logger.info("Processing %s (%d bytes)", path, size)\n'
         "    return size\n"
         "\n"
         'process("data.txt")\n')),
    ("matplotlib-plot-format-string-after-keyword",
        # broken
        ("import numpy as np\n"
         "import matplotlib.pyplot as plt\n"
         "\n"
         "x = np.linspace(0, 2 * np.pi, 100)\n"
         "y = np.sin(x)\n"
         "\n"
         'plt.plot(x, y, color="red", "--", label="sin(x)")\n'
         'plt.xlabel("x")\n'
         'plt.ylabel("y")\n'
         "plt.legend()\n"
         "plt.show()\n"),
        # intended
        ("import numpy as np\n"
         "import matplotlib.pyplot as plt\n"
         "\n"
         "x = np.linspace(0, 2 * np.pi, 100)\n"
         "y = np.sin(x)\n"
         "\n"
         'plt.plot(x, y, "--", color="red", label="sin(x)")\n'
         'plt.xlabel("x")\n'
         'plt.ylabel("y")\n'
         "plt.legend()\n"
         "plt.show()\n")),
    ("pandas-region-totals-for-colon-and-else-if",
        # broken
        ("import pandas as pd\n"
         "\n"
         'sales = pd.read_csv("sales.csv")\n'
         'totals = sales.groupby("region")["amount"].sum()\n'
         "\n"
         "for region, total in totals.items()\n"
         "    if total > 100000:\n"
         '        label = "high"\n'
         "    else if total > 50000:\n"
         '        label = "medium"\n'
         "    else:\n"
         '        label = "low"\n'
         '    print(f"{region}: {total:,.2f} ({label})")\n'),
        # intended
        ("import pandas as pd\n"
         "\n"
         'sales = pd.read_csv("sales.csv")\n'
         'totals = sales.groupby("region")["amount"].sum()\n'
         "\n"
         "for region, total in totals.items():\n"
         "    if total > 100000:\n"
         '        label = "high"\n'
         "    elif total > 50000:\n"
         '        label = "medium"\n'
         "    else:\n"
         '        label = "low"\n'
         '    print(f"{region}: {total:,.2f} ({label})")\n')),
    ("py2-csv-loader-except-comma-and-print-statement",
        # broken
        ("import csv\n"
         "import sys\n"
         "\n"
         "def load_rows(path):\n"
         "    rows = []\n"
         "    try:\n"
         "        with open(path) as f:\n"
         "            for row in csv.reader(f):\n"
         "                rows.append(row)\n"
         "    except IOError, e:\n"
         '        print "Could not read file:", e\n'
         "        sys.exit(1)\n"
         "    return rows\n"
         "\n"
         'rows = load_rows("inventory.csv")\n'
         'print("Loaded %d rows" % len(rows))\n'),
        # intended
        ("import csv\n"
         "import sys\n"
         "\n"
         "def load_rows(path):\n"
         "    rows = []\n"
         "    try:\n"
         "        with open(path) as f:\n"
         "            for row in csv.reader(f):\n"
         "                rows.append(row)\n"
         "    except IOError as e:\n"
         '        print("Could not read file:", e)\n'
         "        sys.exit(1)\n"
         "    return rows\n"
         "\n"
         'rows = load_rows("inventory.csv")\n'
         'print("Loaded %d rows" % len(rows))\n')),
    ("discord-hello-command-if-colon-and-send-paren",
        # broken
        ("import discord\n"
         "\n"
         "intents = discord.Intents.default()\n"
         "intents.message_content = True\n"
         "client = discord.Client(intents=intents)\n"
         "\n"
         "@client.event\n"
         "async def on_ready():\n"
         '    print(f"Logged in as {client.user}")\n'
         "\n"
         "@client.event\n"
         "async def on_message(message):\n"
         "    if message.author == client.user:\n"
         "        return\n"
         '    if message.content.startswith("!hello")\n'
         '        await message.channel.send(f"Hello {message.author.mention}!"\n'
         "\n"
         'client.run("YOUR_TOKEN")\n'),
        # intended
        ("import discord\n"
         "\n"
         "intents = discord.Intents.default()\n"
         "intents.message_content = True\n"
         "client = discord.Client(intents=intents)\n"
         "\n"
         "@client.event\n"
         "async def on_ready():\n"
         '    print(f"Logged in as {client.user}")\n'
         "\n"
         "@client.event\n"
         "async def on_message(message):\n"
         "    if message.author == client.user:\n"
         "        return\n"
         '    if message.content.startswith("!hello"):\n'
         '        await message.channel.send(f"Hello {message.author.mention}!")\n'
         "\n"
         'client.run("YOUR_TOKEN")\n')),
    ("os-cleanup-js-bang-not-and-double-ampersand",
        # broken
        ("import os\n"
         "import time\n"
         "\n"
         'folder = "downloads"\n'
         "max_age = 7 * 24 * 3600\n"
         "now = time.time()\n"
         "\n"
         "if !os.path.isdir(folder):\n"
         '    print("Folder not found")\n'
         "else:\n"
         "    for name in os.listdir(folder):\n"
         "        path = os.path.join(folder, name)\n"
         "        if os.path.isfile(path) && now - os.path.getmtime(path) > max_age:\n"
         "            os.remove(path)\n"
         '            print("Deleted", name)\n'),
        # intended
        ("import os\n"
         "import time\n"
         "\n"
         'folder = "downloads"\n'
         "max_age = 7 * 24 * 3600\n"
         "now = time.time()\n"
         "\n"
         "if not os.path.isdir(folder):\n"
         '    print("Folder not found")\n'
         "else:\n"
         "    for name in os.listdir(folder):\n"
         "        path = os.path.join(folder, name)\n"
         "        if os.path.isfile(path) and now - os.path.getmtime(path) > max_age:\n"
         "            os.remove(path)\n"
         '            print("Deleted", name)\n')),
    ("smtplib-report-default-before-required-and-fstring-brace",
        # broken
        ("import smtplib\n"
         "from email.message import EmailMessage\n"
         "\n"
         'def send_report(to, subject="Daily report", body):\n'
         "    msg = EmailMessage()\n"
         '    msg["From"] = "bot@example.com"\n'
         '    msg["To"] = to\n'
         '    msg["Subject"] = subject\n'
         "    msg.set_content(body)\n"
         '    with smtplib.SMTP("smtp.example.com", 587) as server:\n'
         "        server.starttls()\n"
         '        server.login("bot@example.com", "app-password")\n'
         "        server.send_message(msg)\n"
         '    print(f"Report sent to {to")\n'
         "\n"
         'send_report("boss@example.com", body="All systems normal.")\n'),
        # intended
        ("import smtplib\n"
         "from email.message import EmailMessage\n"
         "\n"
         'def send_report(to, body, subject="Daily report"):\n'
         "    msg = EmailMessage()\n"
         '    msg["From"] = "bot@example.com"\n'
         '    msg["To"] = to\n'
         '    msg["Subject"] = subject\n'
         "    msg.set_content(body)\n"
         '    with smtplib.SMTP("smtp.example.com", 587) as server:\n'
         "        server.starttls()\n"
         '        server.login("bot@example.com", "app-password")\n'
         "        server.send_message(msg)\n"
         '    print(f"Report sent to {to}")\n'
         "\n"
         'send_report("boss@example.com", body="All systems normal.")\n')),
    ("fastapi-decorator-trailing-colon-and-dict-missing-comma",
        # broken
        ("from fastapi import FastAPI\n"
         "from pydantic import BaseModel\n"
         "\n"
         "app = FastAPI()\n"
         "\n"
         "class User(BaseModel):\n"
         "    name: str\n"
         "    email: str\n"
         "\n"
         "users = []\n"
         "\n"
         '@app.post("/users/"):\n'
         "async def create_user(user: User):\n"
         "    users.append(user)\n"
         '    return {"id": len(users) "user": user}\n'
         "\n"
         '@app.get("/users/")\n'
         "async def list_users():\n"
         "    return users\n"),
        # intended
        ("from fastapi import FastAPI\n"
         "from pydantic import BaseModel\n"
         "\n"
         "app = FastAPI()\n"
         "\n"
         "class User(BaseModel):\n"
         "    name: str\n"
         "    email: str\n"
         "\n"
         "users = []\n"
         "\n"
         '@app.post("/users/")\n'
         "async def create_user(user: User):\n"
         "    users.append(user)\n"
         '    return {"id": len(users), "user": user}\n'
         "\n"
         '@app.get("/users/")\n'
         "async def list_users():\n"
         "    return users\n")),
    ("threading-worker-def-colon-and-thread-args-comma",
        # broken
        ("import threading\n"
         "import time\n"
         "\n"
         "def worker(n)\n"
         '    print(f"worker {n} starting")\n'
         "    time.sleep(1)\n"
         '    print(f"worker {n} done")\n'
         "\n"
         "threads = []\n"
         "for i in range(5):\n"
         "    t = threading.Thread(target=worker, args=(i,) daemon=True)\n"
         "    threads.append(t)\n"
         "    t.start()\n"
         "\n"
         "for t in threads:\n"
         "    t.join()\n"
         'print("all workers finished")\n'),
        # intended
        ("import threading\n"
         "import time\n"
         "\n"
         "def worker(n):\n"
         '    print(f"worker {n} starting")\n'
         "    time.sleep(1)\n"
         '    print(f"worker {n} done")\n'
         "\n"
         "threads = []\n"
         "for i in range(5):\n"
         "    t = threading.Thread(target=worker, args=(i,), daemon=True)\n"
         "    threads.append(t)\n"
         "    t.start()\n"
         "\n"
         "for t in threads:\n"
         "    t.join()\n"
         'print("all workers finished")\n')),
    ("flask-login-method-single-equals-and-unclosed-string",
        # broken
        ("from flask import Flask, request, render_template\n"
         "\n"
         "app = Flask(__name__)\n"
         "\n"
         '@app.route("/login", methods=["GET", "POST"])\n'
         "def login():\n"
         '    if request.method = "POST":\n'
         '        username = request.form["username"]\n'
         '        password = request.form["password"]\n'
         '        if username == "admin" and password == "hunter2":\n'
         '            return "Welcome back!\n'
         '        return "Invalid credentials", 401\n'
         '    return render_template("login.html")\n'),
        # intended
        ("from flask import Flask, request, render_template\n"
         "\n"
         "app = Flask(__name__)\n"
         "\n"
         '@app.route("/login", methods=["GET", "POST"])\n'
         "def login():\n"
         '    if request.method == "POST":\n'
         '        username = request.form["username"]\n'
         '        password = request.form["password"]\n'
         '        if username == "admin" and password == "hunter2":\n'
         '            return "Welcome back!"\n'
         '        return "Invalid credentials", 401\n'
         '    return render_template("login.html")\n')),
    ("requests-download-windows-path-escape-and-open-comma",
        # broken
        ("import requests\n"
         "\n"
         'url = "https://example.com/files/report.pdf"\n'
         'save_to = "C:\\Users\\maria\\Downloads\\report.pdf"\n'
         "\n"
         "response = requests.get(url, stream=True)\n"
         "response.raise_for_status()\n"
         "\n"
         'with open(save_to "wb") as f:\n'
         "    for chunk in response.iter_content(chunk_size=8192):\n"
         "        f.write(chunk)\n"
         "\n"
         'print("Saved to", save_to)\n'),
        # intended
        ("import requests\n"
         "\n"
         'url = "https://example.com/files/report.pdf"\n'
         'save_to = r"C:\\Users\\maria\\Downloads\\report.pdf"\n'
         "\n"
         "response = requests.get(url, stream=True)\n"
         "response.raise_for_status()\n"
         "\n"
         'with open(save_to, "wb") as f:\n'
         "    for chunk in response.iter_content(chunk_size=8192):\n"
         "        f.write(chunk)\n"
         "\n"
         'print("Saved to", save_to)\n')),
    ("ruby-style-grades-elsif-and-def-main-without-parens",
        # broken
        ("def letter_grade(score):\n"
         "    if score >= 90:\n"
         '        return "A"\n'
         "    elsif score >= 80:\n"
         '        return "B"\n'
         "    elsif score >= 70:\n"
         '        return "C"\n'
         "    else:\n"
         '        return "F"\n'
         "\n"
         "def main:\n"
         "    scores = [95, 83, 71, 40]\n"
         "    for s in scores:\n"
         "        print(s, letter_grade(s))\n"
         "\n"
         "main()\n"),
        # intended
        ("def letter_grade(score):\n"
         "    if score >= 90:\n"
         '        return "A"\n'
         "    elif score >= 80:\n"
         '        return "B"\n'
         "    elif score >= 70:\n"
         '        return "C"\n'
         "    else:\n"
         '        return "F"\n'
         "\n"
         "def main():\n"
         "    scores = [95, 83, 71, 40]\n"
         "    for s in scores:\n"
         "        print(s, letter_grade(s))\n"
         "\n"
         "main()\n")),
]
