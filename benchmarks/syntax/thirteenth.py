"""The thirteenth set of broken snippets: written as a held-out set by someone who had not read
the rules, run once (27/30 parsed within 4 token edits, 24/30 as intended), then used to change
them. Part of ``cases.CASES``."""

THIRTEENTH: list[tuple[str, str, str]] = [
    ("selenium-books-sort-lambda-tuple-key",
        # broken
        ("from selenium import webdriver\n"
         "from selenium.webdriver.common.by import By\n"
         "\n"
         "driver = webdriver.Chrome()\n"
         'driver.get("https://books.toscrape.com")\n'
         "\n"
         "books = []\n"
         'for card in driver.find_elements(By.CSS_SELECTOR, "article.product_pod"):\n'
         '    title = card.find_element(By.TAG_NAME, "h3").text\n'
         '    price = float(card.find_element(By.CLASS_NAME, "price_color").text[1:])\n'
         "    books.append((title, price))\n"
         "\n"
         "books.sort(key=lambda b: b[1], b[0])\n"
         "for title, price in books[:5]:\n"
         '    print(f"{price:6.2f}  {title}")\n'
         "driver.quit()\n"),
        # intended
        ("from selenium import webdriver\n"
         "from selenium.webdriver.common.by import By\n"
         "\n"
         "driver = webdriver.Chrome()\n"
         'driver.get("https://books.toscrape.com")\n'
         "\n"
         "books = []\n"
         'for card in driver.find_elements(By.CSS_SELECTOR, "article.product_pod"):\n'
         '    title = card.find_element(By.TAG_NAME, "h3").text\n'
         '    price = float(card.find_element(By.CLASS_NAME, "price_color").text[1:])\n'
         "    books.append((title, price))\n"
         "\n"
         "books.sort(key=lambda b: (b[1], b[0]))\n"
         "for title, price in books[:5]:\n"
         '    print(f"{price:6.2f}  {title}")\n'
         "driver.quit()\n")),
    ("user-list-fstring-nested-double-quotes",
        # broken
        ("import json\n"
         "\n"
         'with open("users.json") as f:\n'
         "    users = json.load(f)\n"
         "\n"
         "for user in users:\n"
         '    if user.get("active"):\n'
         '        print(f"{user["name"]} <{user["email"]}> joined {user["joined"]}")\n'
         "    else:\n"
         "        print(f\"{user['name']} is inactive\")\n"),
        # intended
        ("import json\n"
         "\n"
         'with open("users.json") as f:\n'
         "    users = json.load(f)\n"
         "\n"
         "for user in users:\n"
         '    if user.get("active"):\n'
         "        print(f\"{user['name']} <{user['email']}> joined {user['joined']}\")\n"
         "    else:\n"
         "        print(f\"{user['name']} is inactive\")\n")),
    ("csv-filter-rows-tab-indented-line",
        # broken
        ("import csv\n"
         "\n"
         "def copy_rows(src, dst, min_amount):\n"
         "    count = 0\n"
         '    with open(src, newline="") as fin, open(dst, "w", newline="") as fout:\n'
         "        reader = csv.DictReader(fin)\n"
         "        writer = csv.DictWriter(fout, fieldnames=reader.fieldnames)\n"
         "        writer.writeheader()\n"
         "        for row in reader:\n"
         '            if float(row["amount"]) >= min_amount:\n'
         "                writer.writerow(row)\n"
         "\t\tcount += 1\n"
         "    return count\n"
         "\n"
         'print(copy_rows("sales.csv", "big_sales.csv", 100))\n'),
        # intended
        ("import csv\n"
         "\n"
         "def copy_rows(src, dst, min_amount):\n"
         "    count = 0\n"
         '    with open(src, newline="") as fin, open(dst, "w", newline="") as fout:\n'
         "        reader = csv.DictReader(fin)\n"
         "        writer = csv.DictWriter(fout, fieldnames=reader.fieldnames)\n"
         "        writer.writeheader()\n"
         "        for row in reader:\n"
         '            if float(row["amount"]) >= min_amount:\n'
         "                writer.writerow(row)\n"
         "                count += 1\n"
         "    return count\n"
         "\n"
         'print(copy_rows("sales.csv", "big_sales.csv", 100))\n')),
    ("fastapi-response-dict-equals-for-colon",
        # broken
        ("from fastapi import FastAPI\n"
         "from pydantic import BaseModel\n"
         "\n"
         "app = FastAPI()\n"
         "\n"
         "\n"
         "class Item(BaseModel):\n"
         "    name: str\n"
         "    price: float\n"
         "    in_stock: bool = True\n"
         "\n"
         "\n"
         '@app.post("/items/")\n'
         "async def create_item(item: Item):\n"
         "    total = item.price * 1.2\n"
         '    return {"name": item.name, "price_with_tax"= total, "in_stock": item.in_stock}\n'),
        # intended
        ("from fastapi import FastAPI\n"
         "from pydantic import BaseModel\n"
         "\n"
         "app = FastAPI()\n"
         "\n"
         "\n"
         "class Item(BaseModel):\n"
         "    name: str\n"
         "    price: float\n"
         "    in_stock: bool = True\n"
         "\n"
         "\n"
         '@app.post("/items/")\n'
         "async def create_item(item: Item):\n"
         "    total = item.price * 1.2\n"
         '    return {"name": item.name, "price_with_tax": total, "in_stock": item.in_stock}\n')),
    ("argparse-help-apostrophe-in-single-quotes",
        # broken
        ("import argparse\n"
         "\n"
         "parser = argparse.ArgumentParser(description='Resize images in a folder')\n"
         "parser.add_argument('folder', help='folder with images')\n"
         "parser.add_argument('--width', type=int, default=800,\n"
         "                    help='target width in pixels')\n"
         "parser.add_argument('--dry-run', action='store_true',\n"
         "                    help='don't write any files')\n"
         "args = parser.parse_args()\n"
         "\n"
         "print(f'Resizing images in {args.folder} to {args.width}px')\n"),
        # intended
        ("import argparse\n"
         "\n"
         "parser = argparse.ArgumentParser(description='Resize images in a folder')\n"
         "parser.add_argument('folder', help='folder with images')\n"
         "parser.add_argument('--width', type=int, default=800,\n"
         "                    help='target width in pixels')\n"
         "parser.add_argument('--dry-run', action='store_true',\n"
         "                    help=\"don't write any files\")\n"
         "args = parser.parse_args()\n"
         "\n"
         "print(f'Resizing images in {args.folder} to {args.width}px')\n")),
    ("logging-port-parser-java-catch",
        # broken
        ("import logging\n"
         "\n"
         'logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")\n'
         "logger = logging.getLogger(__name__)\n"
         "\n"
         "\n"
         "def parse_port(value):\n"
         "    try:\n"
         "        port = int(value)\n"
         "        if not 0 < port < 65536:\n"
         '            raise ValueError("port out of range")\n'
         "        return port\n"
         "    catch ValueError as e:\n"
         '        logger.error("invalid port %r: %s", value, e)\n'
         "        return None\n"
         "\n"
         "\n"
         'print(parse_port("8080"))\n'
         'print(parse_port("99999"))\n'),
        # intended
        ("import logging\n"
         "\n"
         'logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")\n'
         "logger = logging.getLogger(__name__)\n"
         "\n"
         "\n"
         "def parse_port(value):\n"
         "    try:\n"
         "        port = int(value)\n"
         "        if not 0 < port < 65536:\n"
         '            raise ValueError("port out of range")\n'
         "        return port\n"
         "    except ValueError as e:\n"
         '        logger.error("invalid port %r: %s", value, e)\n'
         "        return None\n"
         "\n"
         "\n"
         'print(parse_port("8080"))\n'
         'print(parse_port("99999"))\n')),
    ("subprocess-git-status-double-ampersand",
        # broken
        ("import subprocess\n"
         "\n"
         'result = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True)\n'
         "\n"
         "if result.returncode == 0 && result.stdout.strip():\n"
         '    print("Uncommitted changes:")\n'
         "    for line in result.stdout.splitlines():\n"
         '        print("  ", line)\n'
         "elif result.returncode != 0:\n"
         '    print("git failed:", result.stderr)\n'
         "else:\n"
         '    print("Working tree clean")\n'),
        # intended
        ("import subprocess\n"
         "\n"
         'result = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True)\n'
         "\n"
         "if result.returncode == 0 and result.stdout.strip():\n"
         '    print("Uncommitted changes:")\n'
         "    for line in result.stdout.splitlines():\n"
         '        print("  ", line)\n'
         "elif result.returncode != 0:\n"
         '    print("git failed:", result.stderr)\n'
         "else:\n"
         '    print("Working tree clean")\n')),
    ("aiohttp-main-missing-async-keyword",
        # broken
        ("import asyncio\n"
         "import aiohttp\n"
         "\n"
         "\n"
         "async def fetch(session, url):\n"
         "    async with session.get(url) as resp:\n"
         "        return await resp.text()\n"
         "\n"
         "\n"
         "def main():\n"
         '    urls = ["https://example.com", "https://python.org"]\n'
         "    async with aiohttp.ClientSession() as session:\n"
         "        pages = await asyncio.gather(*(fetch(session, u) for u in urls))\n"
         "    for url, page in zip(urls, pages):\n"
         "        print(url, len(page))\n"
         "\n"
         "\n"
         "asyncio.run(main())\n"),
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
         "async def main():\n"
         '    urls = ["https://example.com", "https://python.org"]\n'
         "    async with aiohttp.ClientSession() as session:\n"
         "        pages = await asyncio.gather(*(fetch(session, u) for u in urls))\n"
         "    for url, page in zip(urls, pages):\n"
         "        print(url, len(page))\n"
         "\n"
         "\n"
         "asyncio.run(main())\n")),
    ("typing-param-angle-bracket-generic",
        # broken
        ("from typing import Dict, List\n"
         "\n"
         "\n"
         "def group_by_length(words: List<str>) -> Dict[int, List[str]]:\n"
         "    groups: Dict[int, List[str]] = {}\n"
         "    for w in words:\n"
         "        groups.setdefault(len(w), []).append(w)\n"
         "    return groups\n"
         "\n"
         "\n"
         'print(group_by_length(["a", "bb", "cc", "ddd"]))\n'),
        # intended
        ("from typing import Dict, List\n"
         "\n"
         "\n"
         "def group_by_length(words: List[str]) -> Dict[int, List[str]]:\n"
         "    groups: Dict[int, List[str]] = {}\n"
         "    for w in words:\n"
         "        groups.setdefault(len(w), []).append(w)\n"
         "    return groups\n"
         "\n"
         "\n"
         'print(group_by_length(["a", "bb", "cc", "ddd"]))\n')),
    ("matplotlib-bar-colors-conditional-after-for",
        # broken
        ("import matplotlib.pyplot as plt\n"
         "\n"
         'months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]\n'
         "profit = [120, -40, 75, -10, 200, 90]\n"
         "\n"
         'colors = ["green" for p in profit if p >= 0 else "red"]\n'
         "\n"
         "plt.bar(months, profit, color=colors)\n"
         'plt.axhline(0, color="black", linewidth=0.8)\n'
         'plt.title("Monthly profit")\n'
         'plt.ylabel("USD")\n'
         "plt.tight_layout()\n"
         "plt.show()\n"),
        # intended
        ("import matplotlib.pyplot as plt\n"
         "\n"
         'months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]\n'
         "profit = [120, -40, 75, -10, 200, 90]\n"
         "\n"
         'colors = ["green" if p >= 0 else "red" for p in profit]\n'
         "\n"
         "plt.bar(months, profit, color=colors)\n"
         'plt.axhline(0, color="black", linewidth=0.8)\n'
         'plt.title("Monthly profit")\n'
         'plt.ylabel("USD")\n'
         "plt.tight_layout()\n"
         "plt.show()\n")),
    ("discord-on-ready-def-without-parens",
        # broken
        ("import discord\n"
         "\n"
         "intents = discord.Intents.default()\n"
         "intents.message_content = True\n"
         "client = discord.Client(intents=intents)\n"
         "\n"
         "\n"
         "@client.event\n"
         "async def on_ready:\n"
         '    print(f"Logged in as {client.user}")\n'
         "\n"
         "\n"
         "@client.event\n"
         "async def on_message(message):\n"
         "    if message.author == client.user:\n"
         "        return\n"
         '    if message.content.startswith("!ping"):\n'
         '        await message.channel.send("pong")\n'
         "\n"
         "\n"
         'client.run("TOKEN")\n'),
        # intended
        ("import discord\n"
         "\n"
         "intents = discord.Intents.default()\n"
         "intents.message_content = True\n"
         "client = discord.Client(intents=intents)\n"
         "\n"
         "\n"
         "@client.event\n"
         "async def on_ready():\n"
         '    print(f"Logged in as {client.user}")\n'
         "\n"
         "\n"
         "@client.event\n"
         "async def on_message(message):\n"
         "    if message.author == client.user:\n"
         "        return\n"
         '    if message.content.startswith("!ping"):\n'
         '        await message.channel.send("pong")\n'
         "\n"
         "\n"
         'client.run("TOKEN")\n')),
    ("pathlib-pdf-sizes-loop-body-not-indented",
        # broken
        ("from pathlib import Path\n"
         "\n"
         'folder = Path.home() / "Downloads"\n'
         "total = 0\n"
         "\n"
         'for f in folder.glob("*.pdf"):\n'
         "size = f.stat().st_size\n"
         "total += size\n"
         'print(f"{f.name}: {size / 1024:.1f} KB")\n'
         "\n"
         'print(f"{total / 1024 / 1024:.2f} MB in PDFs")\n'),
        # intended
        ("from pathlib import Path\n"
         "\n"
         'folder = Path.home() / "Downloads"\n'
         "total = 0\n"
         "\n"
         'for f in folder.glob("*.pdf"):\n'
         "    size = f.stat().st_size\n"
         "    total += size\n"
         '    print(f"{f.name}: {size / 1024:.1f} KB")\n'
         "\n"
         'print(f"{total / 1024 / 1024:.2f} MB in PDFs")\n')),
    ("datetime-deadline-leading-zero-ints",
        # broken
        ("from datetime import datetime, timedelta\n"
         "\n"
         "start = datetime(2024, 03, 01)\n"
         "deadline = datetime(2024, 09, 05, 17, 30)\n"
         "\n"
         "remaining = deadline - start\n"
         'print("Days left:", remaining.days)\n'
         "\n"
         "reminder = deadline - timedelta(days=7)\n"
         'print("Reminder on", reminder.strftime("%d/%m/%Y"))\n'),
        # intended
        ("from datetime import datetime, timedelta\n"
         "\n"
         "start = datetime(2024, 3, 1)\n"
         "deadline = datetime(2024, 9, 5, 17, 30)\n"
         "\n"
         "remaining = deadline - start\n"
         'print("Days left:", remaining.days)\n'
         "\n"
         "reminder = deadline - timedelta(days=7)\n"
         'print("Reminder on", reminder.strftime("%d/%m/%Y"))\n')),
    ("age-check-smart-quotes-pasted",
        # broken
        ('name = input("What is your name? ")\n'
         'age = int(input("How old are you? "))\n'
         "\n"
         "if age >= 18:\n"
         "    print(“Welcome, ” + name + “!”)\n"
         "else:\n"
         '    print("Sorry " + name + ", you must be 18 or older.")\n'
         "years_left = 100 - age\n"
         'print(f"You will be 100 in {years_left} years.")\n'),
        # intended
        ('name = input("What is your name? ")\n'
         'age = int(input("How old are you? "))\n'
         "\n"
         "if age >= 18:\n"
         '    print("Welcome, " + name + "!")\n'
         "else:\n"
         '    print("Sorry " + name + ", you must be 18 or older.")\n'
         "years_left = 100 - age\n"
         'print(f"You will be 100 in {years_left} years.")\n')),
    ("fizzbuzz-markdown-fences-pasted",
        # broken
        ("```python\n"
         "def fizzbuzz(n):\n"
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
         "\n"
         "fizzbuzz(30)\n"
         "```\n"),
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
         "\n"
         "fizzbuzz(30)\n")),
    ("longest-word-return-dedented",
        # broken
        ("def find_longest_word(sentence):\n"
         "    words = sentence.split()\n"
         '    longest = ""\n'
         "    for word in words:\n"
         "        if len(word) > len(longest):\n"
         "            longest = word\n"
         "return longest\n"
         "\n"
         "\n"
         'print(find_longest_word("the quick brown fox jumped"))\n'),
        # intended
        ("def find_longest_word(sentence):\n"
         "    words = sentence.split()\n"
         '    longest = ""\n'
         "    for word in words:\n"
         "        if len(word) > len(longest):\n"
         "            longest = word\n"
         "    return longest\n"
         "\n"
         "\n"
         'print(find_longest_word("the quick brown fox jumped"))\n')),
    ("pandas-chain-backslash-trailing-space",
        # broken
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("employees.csv")\n'
         'summary = df[df["salary"] > 50000] \\\n'
         '    .groupby("department")["salary"] \\ \n'
         '    .agg(["count", "mean", "max"]) \\\n'
         '    .sort_values("mean", ascending=False)\n'
         "\n"
         "print(summary.head(10))\n"
         'summary.to_csv("summary.csv")\n'),
        # intended
        ("import pandas as pd\n"
         "\n"
         'df = pd.read_csv("employees.csv")\n'
         'summary = df[df["salary"] > 50000] \\\n'
         '    .groupby("department")["salary"] \\\n'
         '    .agg(["count", "mean", "max"]) \\\n'
         '    .sort_values("mean", ascending=False)\n'
         "\n"
         "print(summary.head(10))\n"
         'summary.to_csv("summary.csv")\n')),
    ("config-loader-except-indented-into-with",
        # broken
        ("import json\n"
         "import os\n"
         "\n"
         'CONFIG_PATH = os.path.join(os.path.dirname(__file__), "config.json")\n'
         "\n"
         "\n"
         "def load_config():\n"
         "    try:\n"
         "        with open(CONFIG_PATH) as f:\n"
         "            config = json.load(f)\n"
         "        except FileNotFoundError:\n"
         "            config = {}\n"
         '    config.setdefault("theme", "dark")\n'
         '    config.setdefault("font_size", 12)\n'
         "    return config\n"
         "\n"
         "\n"
         "print(load_config())\n"),
        # intended
        ("import json\n"
         "import os\n"
         "\n"
         'CONFIG_PATH = os.path.join(os.path.dirname(__file__), "config.json")\n'
         "\n"
         "\n"
         "def load_config():\n"
         "    try:\n"
         "        with open(CONFIG_PATH) as f:\n"
         "            config = json.load(f)\n"
         "    except FileNotFoundError:\n"
         "        config = {}\n"
         '    config.setdefault("theme", "dark")\n'
         '    config.setdefault("font_size", 12)\n'
         "    return config\n"
         "\n"
         "\n"
         "print(load_config())\n")),
    ("sqlite-insert-loop-unclosed-execute",
        # broken
        ("import sqlite3\n"
         "\n"
         'conn = sqlite3.connect("app.db")\n'
         "cur = conn.cursor()\n"
         'cur.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)")\n'
         "\n"
         'people = [("alice", 31), ("bob", 25), ("carol", 42)]\n'
         "for name, age in people:\n"
         '    cur.execute("INSERT INTO users (name, age) VALUES (?, ?)", (name, age)\n'
         "conn.commit()\n"
         "\n"
         'for row in cur.execute("SELECT name, age FROM users WHERE age > ?", (30,)):\n'
         "    print(row)\n"
         "conn.close()\n"),
        # intended
        ("import sqlite3\n"
         "\n"
         'conn = sqlite3.connect("app.db")\n'
         "cur = conn.cursor()\n"
         'cur.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)")\n'
         "\n"
         'people = [("alice", 31), ("bob", 25), ("carol", 42)]\n'
         "for name, age in people:\n"
         '    cur.execute("INSERT INTO users (name, age) VALUES (?, ?)", (name, age))\n'
         "conn.commit()\n"
         "\n"
         'for row in cur.execute("SELECT name, age FROM users WHERE age > ?", (30,)):\n'
         "    print(row)\n"
         "conn.close()\n")),
    ("regex-emails-return-unindent-mismatch",
        # broken
        ("import re\n"
         "\n"
         'EMAIL_RE = re.compile(r"[\\w.+-]+@[\\w-]+\\.[\\w.]+")\n'
         "\n"
         "\n"
         "def extract_emails(text):\n"
         "    found = EMAIL_RE.findall(text)\n"
         "    unique = []\n"
         "    for email in found:\n"
         "        email = email.lower()\n"
         "        if email not in unique:\n"
         "            unique.append(email)\n"
         "   return unique\n"
         "\n"
         "\n"
         'with open("page.html", encoding="utf-8") as f:\n'
         "    print(extract_emails(f.read()))\n"),
        # intended
        ("import re\n"
         "\n"
         'EMAIL_RE = re.compile(r"[\\w.+-]+@[\\w-]+\\.[\\w.]+")\n'
         "\n"
         "\n"
         "def extract_emails(text):\n"
         "    found = EMAIL_RE.findall(text)\n"
         "    unique = []\n"
         "    for email in found:\n"
         "        email = email.lower()\n"
         "        if email not in unique:\n"
         "            unique.append(email)\n"
         "    return unique\n"
         "\n"
         "\n"
         'with open("page.html", encoding="utf-8") as f:\n'
         "    print(extract_emails(f.read()))\n")),
    ("numpy-scores-py2-except-and-print",
        # broken
        ("import numpy as np\n"
         "\n"
         "\n"
         "def load_scores(path):\n"
         "    try:\n"
         '        data = np.loadtxt(path, delimiter=",")\n'
         "    except IOError, e:\n"
         '        print("could not read", path, e)\n'
         "        return None\n"
         "    return data\n"
         "\n"
         "\n"
         'scores = load_scores("scores.csv")\n'
         "if scores is not None:\n"
         '    print "mean:", scores.mean()\n'
         '    print("std:", np.std(scores))\n'),
        # intended
        ("import numpy as np\n"
         "\n"
         "\n"
         "def load_scores(path):\n"
         "    try:\n"
         '        data = np.loadtxt(path, delimiter=",")\n'
         "    except IOError as e:\n"
         '        print("could not read", path, e)\n'
         "        return None\n"
         "    return data\n"
         "\n"
         "\n"
         'scores = load_scores("scores.csv")\n'
         "if scores is not None:\n"
         '    print("mean:", scores.mean())\n'
         '    print("std:", np.std(scores))\n')),
    ("flask-todos-route-unclosed-and-assign-in-if",
        # broken
        ("from flask import Flask, jsonify, request\n"
         "\n"
         "app = Flask(__name__)\n"
         "todos = []\n"
         "\n"
         "\n"
         '@app.route("/todos", methods=["GET", "POST"]\n'
         "def handle_todos():\n"
         '    if request.method = "POST":\n'
         "        todo = request.get_json()\n"
         "        todos.append(todo)\n"
         "        return jsonify(todo), 201\n"
         "    return jsonify(todos)\n"
         "\n"
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n"),
        # intended
        ("from flask import Flask, jsonify, request\n"
         "\n"
         "app = Flask(__name__)\n"
         "todos = []\n"
         "\n"
         "\n"
         '@app.route("/todos", methods=["GET", "POST"])\n'
         "def handle_todos():\n"
         '    if request.method == "POST":\n'
         "        todo = request.get_json()\n"
         "        todos.append(todo)\n"
         "        return jsonify(todo), 201\n"
         "    return jsonify(todos)\n"
         "\n"
         "\n"
         'if __name__ == "__main__":\n'
         "    app.run(debug=True)\n")),
    ("django-article-model-class-colon-and-charfield-paren",
        # broken
        ("from django.db import models\n"
         "\n"
         "\n"
         "class Article(models.Model)\n"
         "    title = models.CharField(max_length=200\n"
         "    slug = models.SlugField(unique=True)\n"
         "    body = models.TextField()\n"
         "    published = models.DateTimeField(auto_now_add=True)\n"
         "\n"
         "    def __str__(self):\n"
         "        return self.title\n"
         "\n"
         "    class Meta:\n"
         '        ordering = ["-published"]\n'),
        # intended
        ("from django.db import models\n"
         "\n"
         "\n"
         "class Article(models.Model):\n"
         "    title = models.CharField(max_length=200)\n"
         "    slug = models.SlugField(unique=True)\n"
         "    body = models.TextField()\n"
         "    published = models.DateTimeField(auto_now_add=True)\n"
         "\n"
         "    def __str__(self):\n"
         "        return self.title\n"
         "\n"
         "    class Meta:\n"
         '        ordering = ["-published"]\n')),
    ("pygame-move-circle-if-colon-and-else-if",
        # broken
        ("import pygame\n"
         "\n"
         "pygame.init()\n"
         "screen = pygame.display.set_mode((640, 480))\n"
         "clock = pygame.time.Clock()\n"
         "x = 320\n"
         "running = True\n"
         "\n"
         "while running:\n"
         "    for event in pygame.event.get():\n"
         "        if event.type == pygame.QUIT\n"
         "            running = False\n"
         "        elif event.type == pygame.KEYDOWN:\n"
         "            if event.key == pygame.K_LEFT:\n"
         "                x -= 10\n"
         "            else if event.key == pygame.K_RIGHT:\n"
         "                x += 10\n"
         "    screen.fill((0, 0, 0))\n"
         "    pygame.draw.circle(screen, (255, 200, 0), (x, 240), 20)\n"
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
         "x = 320\n"
         "running = True\n"
         "\n"
         "while running:\n"
         "    for event in pygame.event.get():\n"
         "        if event.type == pygame.QUIT:\n"
         "            running = False\n"
         "        elif event.type == pygame.KEYDOWN:\n"
         "            if event.key == pygame.K_LEFT:\n"
         "                x -= 10\n"
         "            elif event.key == pygame.K_RIGHT:\n"
         "                x += 10\n"
         "    screen.fill((0, 0, 0))\n"
         "    pygame.draw.circle(screen, (255, 200, 0), (x, 240), 20)\n"
         "    pygame.display.flip()\n"
         "    clock.tick(60)\n"
         "\n"
         "pygame.quit()\n")),
    ("threading-squares-join-colon-and-fstring-brace",
        # broken
        ("import threading\n"
         "import time\n"
         "\n"
         "results = {}\n"
         "lock = threading.Lock()\n"
         "\n"
         "\n"
         "def worker(n):\n"
         "    time.sleep(0.1)\n"
         "    with lock:\n"
         "        results[n] = n * n\n"
         "\n"
         "\n"
         "threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]\n"
         "for t in threads:\n"
         "    t.start()\n"
         "for t in threads\n"
         "    t.join()\n"
         "\n"
         'print(f"done: {len(results)} results, sum={sum(results.values())")\n'),
        # intended
        ("import threading\n"
         "import time\n"
         "\n"
         "results = {}\n"
         "lock = threading.Lock()\n"
         "\n"
         "\n"
         "def worker(n):\n"
         "    time.sleep(0.1)\n"
         "    with lock:\n"
         "        results[n] = n * n\n"
         "\n"
         "\n"
         "threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]\n"
         "for t in threads:\n"
         "    t.start()\n"
         "for t in threads:\n"
         "    t.join()\n"
         "\n"
         'print(f"done: {len(results)} results, sum={sum(results.values())}")\n')),
    ("dataclass-point-field-commas-and-sqrt-paren",
        # broken
        ("import math\n"
         "from dataclasses import dataclass\n"
         "\n"
         "\n"
         "@dataclass\n"
         "class Point:\n"
         "    x: float,\n"
         "    y: float,\n"
         "\n"
         '    def distance_to(self, other: "Point") -> float:\n'
         "        return math.sqrt((self.x - other.x) ** 2 + (self.y - other.y) ** 2\n"
         "\n"
         "\n"
         "a = Point(0, 0)\n"
         "b = Point(3, 4)\n"
         "print(a.distance_to(b))\n"),
        # intended
        ("import math\n"
         "from dataclasses import dataclass\n"
         "\n"
         "\n"
         "@dataclass\n"
         "class Point:\n"
         "    x: float\n"
         "    y: float\n"
         "\n"
         '    def distance_to(self, other: "Point") -> float:\n'
         "        return math.sqrt((self.x - other.x) ** 2 + (self.y - other.y) ** 2)\n"
         "\n"
         "\n"
         "a = Point(0, 0)\n"
         "b = Point(3, 4)\n"
         "print(a.distance_to(b))\n")),
    ("bs4-titles-class-keyword-and-py2-print",
        # broken
        ("import requests\n"
         "from bs4 import BeautifulSoup\n"
         "\n"
         'html = requests.get("https://news.ycombinator.com").text\n'
         'soup = BeautifulSoup(html, "html.parser")\n'
         "\n"
         'for row in soup.find_all("span", class="titleline"):\n'
         '    link = row.find("a")\n'
         '    print(link.text, "->", link.get("href"))\n'
         "\n"
         'count = len(soup.find_all("tr", class_="athing"))\n'
         'print "stories:", count\n'),
        # intended
        ("import requests\n"
         "from bs4 import BeautifulSoup\n"
         "\n"
         'html = requests.get("https://news.ycombinator.com").text\n'
         'soup = BeautifulSoup(html, "html.parser")\n'
         "\n"
         'for row in soup.find_all("span", class_="titleline"):\n'
         '    link = row.find("a")\n'
         '    print(link.text, "->", link.get("href"))\n'
         "\n"
         'count = len(soup.find_all("tr", class_="athing"))\n'
         'print("stories:", count)\n')),
    ("stack-class-push-colon-and-triple-equals",
        # broken
        ("class Stack:\n"
         "    def __init__(self):\n"
         "        self.items = []\n"
         "\n"
         "    def push(self, item)\n"
         "        self.items.append(item)\n"
         "\n"
         "    def pop(self):\n"
         "        if self.is_empty():\n"
         '            raise IndexError("pop from empty stack")\n'
         "        return self.items.pop()\n"
         "\n"
         "    def is_empty(self):\n"
         "        return len(self.items) === 0\n"
         "\n"
         "\n"
         "s = Stack()\n"
         'for ch in "abc":\n'
         "    s.push(ch)\n"
         "while not s.is_empty():\n"
         "    print(s.pop())\n"),
        # intended
        ("class Stack:\n"
         "    def __init__(self):\n"
         "        self.items = []\n"
         "\n"
         "    def push(self, item):\n"
         "        self.items.append(item)\n"
         "\n"
         "    def pop(self):\n"
         "        if self.is_empty():\n"
         '            raise IndexError("pop from empty stack")\n'
         "        return self.items.pop()\n"
         "\n"
         "    def is_empty(self):\n"
         "        return len(self.items) == 0\n"
         "\n"
         "\n"
         "s = Stack()\n"
         'for ch in "abc":\n'
         "    s.push(ch)\n"
         "while not s.is_empty():\n"
         "    print(s.pop())\n")),
    ("tkinter-counter-plusplus-and-font-tuple-comma",
        # broken
        ("import tkinter as tk\n"
         "\n"
         "root = tk.Tk()\n"
         'root.title("Counter")\n'
         "count = 0\n"
         "\n"
         "\n"
         "def increment():\n"
         "    global count\n"
         "    count++\n"
         '    label.config(text=f"Clicks: {count}")\n'
         "\n"
         "\n"
         'label = tk.Label(root, text="Clicks: 0", font=("Arial" 16))\n'
         "label.pack(pady=10)\n"
         'tk.Button(root, text="Click me", command=increment).pack()\n'
         'tk.Button(root, text="Quit", command=root.destroy).pack()\n'
         "root.mainloop()\n"),
        # intended
        ("import tkinter as tk\n"
         "\n"
         "root = tk.Tk()\n"
         'root.title("Counter")\n'
         "count = 0\n"
         "\n"
         "\n"
         "def increment():\n"
         "    global count\n"
         "    count += 1\n"
         '    label.config(text=f"Clicks: {count}")\n'
         "\n"
         "\n"
         'label = tk.Label(root, text="Clicks: 0", font=("Arial", 16))\n'
         "label.pack(pady=10)\n"
         'tk.Button(root, text="Click me", command=increment).pack()\n'
         'tk.Button(root, text="Quit", command=root.destroy).pack()\n'
         "root.mainloop()\n")),
    ("grades-js-for-of-and-php-elseif",
        # broken
        ('scores = {"ana": 91, "ben": 78, "cai": 64, "dee": 85}\n'
         "\n"
         "for name of scores:\n"
         "    score = scores[name]\n"
         "    if score >= 90:\n"
         '        grade = "A"\n'
         "    elseif score >= 80:\n"
         '        grade = "B"\n'
         "    elif score >= 70:\n"
         '        grade = "C"\n'
         "    else:\n"
         '        grade = "F"\n'
         '    print(f"{name}: {score} ({grade})")\n'),
        # intended
        ('scores = {"ana": 91, "ben": 78, "cai": 64, "dee": 85}\n'
         "\n"
         "for name in scores:\n"
         "    score = scores[name]\n"
         "    if score >= 90:\n"
         '        grade = "A"\n'
         "    elif score >= 80:\n"
         '        grade = "B"\n'
         "    elif score >= 70:\n"
         '        grade = "C"\n'
         "    else:\n"
         '        grade = "F"\n'
         '    print(f"{name}: {score} ({grade})")\n')),
]
