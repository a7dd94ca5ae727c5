"""Held-out broken snippets: written after the rules, never used to change them.

Pieces shaped like the code people paste into questions about a syntax error: a script of a
few functions with a mistake or two, often far from where Python reports it. Each comes with
the fix its author meant. ``python -m benchmarks.syntax`` reports these apart from
``cases.CASES`` (the snippets the rules were written against). A held-out set used to change
the rules moves to ``cases.CASES`` and a new one is written.
"""

HELDOUT: list[tuple[str, str, str]] = [
    # (name, broken, intended)
    ("menu-choice-assign-compare",
     "balance = 100.0\nwhile True:\n    choice = input(\"(d)eposit, (w)ithdraw, (q)uit: \")\n"
     "    if choice = \"q\":\n        break\n    amount = float(input(\"Amount: \"))\n"
     "    if choice == \"d\":\n        balance += amount\n    else:\n        balance -= amount\n"
     "    print(f\"Balance: {balance:.2f}\")\n",
     "balance = 100.0\nwhile True:\n    choice = input(\"(d)eposit, (w)ithdraw, (q)uit: \")\n"
     "    if choice == \"q\":\n        break\n    amount = float(input(\"Amount: \"))\n"
     "    if choice == \"d\":\n        balance += amount\n    else:\n        balance -= amount\n"
     "    print(f\"Balance: {balance:.2f}\")\n"),
    ("fahrenheit-missing-plus",
     "def to_fahrenheit(celsius):\n    return celsius * 9 / 5 32\n\ntemps = [0, 37, 100]\n"
     "for t in temps:\n    print(t, \"C =\", to_fahrenheit(t), \"F\")\n",
     "def to_fahrenheit(celsius):\n    return celsius * 9 / 5 + 32\n\ntemps = [0, 37, 100]\n"
     "for t in temps:\n    print(t, \"C =\", to_fahrenheit(t), \"F\")\n"),
    ("word-lengths-comprehension-in",
     "text = input(\"Enter a sentence: \")\nwords = text.split()\n"
     "lengths = [len(w) for w words]\nprint(\"Longest word has\", max(lengths), \"letters\")\n",
     "text = input(\"Enter a sentence: \")\nwords = text.split()\n"
     "lengths = [len(w) for w in words]\nprint(\"Longest word has\", max(lengths), \"letters\")\n"),
    ("api-params-dict-unclosed",
     "import requests\n\ndef fetch_user(user_id):\n    resp = requests.get(\n"
     "        f\"https://api.example.com/users/{user_id}\",\n        params={\"expand\": \"profile\"\n"
     "    )\n    return resp.json()\n",
     "import requests\n\ndef fetch_user(user_id):\n    resp = requests.get(\n"
     "        f\"https://api.example.com/users/{user_id}\",\n        params={\"expand\": \"profile\"}\n"
     "    )\n    return resp.json()\n"),
    ("flask-route-decorator-unclosed",
     "from flask import Flask, jsonify\n\napp = Flask(__name__)\n\n"
     "@app.route(\"/items/<int:item_id>\", methods=[\"GET\"]\ndef get_item(item_id):\n"
     "    return jsonify({\"id\": item_id})\n",
     "from flask import Flask, jsonify\n\napp = Flask(__name__)\n\n"
     "@app.route(\"/items/<int:item_id>\", methods=[\"GET\"])\ndef get_item(item_id):\n"
     "    return jsonify({\"id\": item_id})\n"),
    ("tkinter-label-kwargs-comma",
     "import tkinter as tk\n\nroot = tk.Tk()\nlabel = tk.Label(root,\n                 text=\"Hello\",\n"
     "                 font=(\"Arial\", 14)\n                 fg=\"blue\")\nlabel.pack()\nroot.mainloop()\n",
     "import tkinter as tk\n\nroot = tk.Tk()\nlabel = tk.Label(root,\n                 text=\"Hello\",\n"
     "                 font=(\"Arial\", 14),\n                 fg=\"blue\")\nlabel.pack()\nroot.mainloop()\n"),
    ("pandas-column-mixed-quotes",
     "import pandas as pd\n\ndf = pd.read_csv(\"orders.csv\")\n"
     "df[\"total'] = df[\"price\"] * df[\"quantity\"]\nprint(df.head())\n",
     "import pandas as pd\n\ndf = pd.read_csv(\"orders.csv\")\n"
     "df[\"total\"] = df[\"price\"] * df[\"quantity\"]\nprint(df.head())\n"),
    ("log-scan-py2-print-concat",
     "with open(\"log.txt\") as f:\n    for i, line in enumerate(f):\n        if \"ERROR\" in line:\n"
     "            print \"Line \" + str(i) + \": \" + line.strip()\n",
     "with open(\"log.txt\") as f:\n    for i, line in enumerate(f):\n        if \"ERROR\" in line:\n"
     "            print(\"Line \" + str(i) + \": \" + line.strip())\n"),
    ("config-load-except-comma",
     "import json\n\ndef load_config(path):\n    try:\n        with open(path) as fh:\n"
     "            return json.load(fh)\n    except Exception, e:\n"
     "        print(\"Could not load config:\", e)\n        return {}\n",
     "import json\n\ndef load_config(path):\n    try:\n        with open(path) as fh:\n"
     "            return json.load(fh)\n    except Exception as e:\n"
     "        print(\"Could not load config:\", e)\n        return {}\n"),
    ("temperature-else-misspelt-esle",
     "temp = float(input(\"Temperature in C: \"))\nif temp > 30:\n    print(\"It's hot\")\n"
     "esle:\n    print(\"It's fine\")\n",
     "temp = float(input(\"Temperature in C: \"))\nif temp > 30:\n    print(\"It's hot\")\n"
     "else:\n    print(\"It's fine\")\n"),
    ("parity-ternary-habit",
     "def describe(n):\n    label = n % 2 == 0 ? \"even\" : \"odd\"\n    return label\n\n"
     "print(describe(7))\n",
     "def describe(n):\n    label = \"even\" if n % 2 == 0 else \"odd\"\n    return label\n\n"
     "print(describe(7))\n"),
    ("sql-query-triple-quote-short",
     "import sqlite3\n\nconn = sqlite3.connect(\"shop.db\")\nquery = \"\"\"\n    SELECT name, price\n"
     "    FROM products\n    WHERE price > 10\n\"\"\nrows = conn.execute(query).fetchall()\nprint(rows)\n",
     "import sqlite3\n\nconn = sqlite3.connect(\"shop.db\")\nquery = \"\"\"\n    SELECT name, price\n"
     "    FROM products\n    WHERE price > 10\n\"\"\"\nrows = conn.execute(query).fetchall()\nprint(rows)\n"),
    ("csv-field-append-dedent",
     "def parse_csv_line(line):\n    fields = line.split(\",\")\n    cleaned = []\n    for field in fields:\n"
     "        field = field.strip()\n      cleaned.append(field)\n    return cleaned\n",
     "def parse_csv_line(line):\n    fields = line.split(\",\")\n    cleaned = []\n    for field in fields:\n"
     "        field = field.strip()\n        cleaned.append(field)\n    return cleaned\n"),
    ("students-list-unclosed-before-def",
     "students = [\n    {\"name\": \"Ana\", \"grade\": 91},\n    {\"name\": \"Ben\", \"grade\": 78},\n"
     "    {\"name\": \"Cai\", \"grade\": 85},\n\ndef top_student(records):\n"
     "    return max(records, key=lambda r: r[\"grade\"])\n\nprint(top_student(students)[\"name\"])\n",
     "students = [\n    {\"name\": \"Ana\", \"grade\": 91},\n    {\"name\": \"Ben\", \"grade\": 78},\n"
     "    {\"name\": \"Cai\", \"grade\": 85},\n]\n\ndef top_student(records):\n"
     "    return max(records, key=lambda r: r[\"grade\"])\n\nprint(top_student(students)[\"name\"])\n"),
    ("average-print-missing-comma",
     "grades = [88, 92, 79]\navg = sum(grades) / len(grades)\nprint(\"Average:\" round(avg, 1))\n",
     "grades = [88, 92, 79]\navg = sum(grades) / len(grades)\nprint(\"Average:\", round(avg, 1))\n"),
    ("method-annotation-paren-before-arrow",
     "class Account:\n    def __init__(self, balance: float = 0.0) -> None:\n        self.balance = balance\n\n"
     "    def withdraw(self, amount: float -> None:\n        if amount > self.balance:\n"
     "            raise ValueError(\"insufficient funds\")\n        self.balance -= amount\n",
     "class Account:\n    def __init__(self, balance: float = 0.0) -> None:\n        self.balance = balance\n\n"
     "    def withdraw(self, amount: float) -> None:\n        if amount > self.balance:\n"
     "            raise ValueError(\"insufficient funds\")\n        self.balance -= amount\n"),
    ("pandas-apply-lambda-arrow",
     "import pandas as pd\n\ndf = pd.DataFrame({\"price\": [10, 20, 30]})\n"
     "df[\"with_vat\"] = df[\"price\"].apply(lambda p => p * 1.2)\nprint(df)\n",
     "import pandas as pd\n\ndf = pd.DataFrame({\"price\": [10, 20, 30]})\n"
     "df[\"with_vat\"] = df[\"price\"].apply(lambda p: p * 1.2)\nprint(df)\n"),
    ("greeting-fstring-extra-brace",
     "name = input(\"What's your name? \")\nage = int(input(\"How old are you? \"))\n"
     "print(f\"Hello {name}}, next year you'll be {age + 1}\")\n",
     "name = input(\"What's your name? \")\nage = int(input(\"How old are you? \"))\n"
     "print(f\"Hello {name}, next year you'll be {age + 1}\")\n"),
    ("inventory-for-colon-and-print-paren",
     "inventory = {\"apples\": 5, \"pears\": 0, \"plums\": 12}\nfor item, qty in inventory.items()\n"
     "    if qty == 0:\n        print(f\"{item} is out of stock\"\nprint(\"Check done\")\n",
     "inventory = {\"apples\": 5, \"pears\": 0, \"plums\": 12}\nfor item, qty in inventory.items():\n"
     "    if qty == 0:\n        print(f\"{item} is out of stock\")\nprint(\"Check done\")\n"),
    ("line-continuation-trailing-space",
     "price = 19.99\ntax = 0.2\ntotal = price + \\ \n        price * tax\nprint(total)\n",
     "price = 19.99\ntax = 0.2\ntotal = price + \\\n        price * tax\nprint(total)\n"),
]
