"""Held-out broken snippets: written after the rules, never used to change them.

Pieces shaped like the code people paste into questions about a syntax error: a script of a
few functions with a mistake or two, often far from where Python reports it. Each comes with
the fix its author meant. ``python -m benchmarks.syntax`` reports these apart from
``cases.CASES`` (the snippets the rules were written against). A held-out set used to change
the rules moves to ``cases.CASES`` and a new one is written.
"""

HELDOUT: list[tuple[str, str, str]] = [
    # (name, broken, intended)
    ("bs4-scraper-class-keyword-to-csv-closed-early",
     "import pandas as pd\nimport requests\nfrom bs4 import BeautifulSoup\n\n"
     "html = requests.get(\"https://example.com/books\").text\n"
     "soup = BeautifulSoup(html, \"html.parser\")\nrows = []\n"
     "for book in soup.find_all(\"article\", class=\"product\"):\n"
     "    title = book.h3.a[\"title\"]\n    price = book.find(\"p\", class_=\"price\").text\n"
     "    rows.append({\"title\": title, \"price\": price})\ndf = pd.DataFrame(rows)\n"
     "df.to_csv(\"books.csv\", index=False)\n          encoding=\"utf-8\")\n",
     "import pandas as pd\nimport requests\nfrom bs4 import BeautifulSoup\n\n"
     "html = requests.get(\"https://example.com/books\").text\n"
     "soup = BeautifulSoup(html, \"html.parser\")\nrows = []\n"
     "for book in soup.find_all(\"article\", class_=\"product\"):\n"
     "    title = book.h3.a[\"title\"]\n    price = book.find(\"p\", class_=\"price\").text\n"
     "    rows.append({\"title\": title, \"price\": price})\ndf = pd.DataFrame(rows)\n"
     "df.to_csv(\"books.csv\", index=False,\n          encoding=\"utf-8\")\n"),
    ("flask-route-decorator-trailing-colon",
     "from flask import Flask, jsonify, request\n\napp = Flask(__name__)\ntodos = []\n\n"
     "@app.route(\"/todos\", methods=[\"POST\"]):\ndef add_todo():\n"
     "    todos.append(request.get_json()[\"title\"])\n    return jsonify(todos), 201\n\n"
     "if __name__ == \"__main__\":\n    app.run(debug=True)\n",
     "from flask import Flask, jsonify, request\n\napp = Flask(__name__)\ntodos = []\n\n"
     "@app.route(\"/todos\", methods=[\"POST\"])\ndef add_todo():\n"
     "    todos.append(request.get_json()[\"title\"])\n    return jsonify(todos), 201\n\n"
     "if __name__ == \"__main__\":\n    app.run(debug=True)\n"),
    ("sklearn-epochs-fstring-brace-before-spec",
     "from sklearn.datasets import load_iris\nfrom sklearn.linear_model import SGDClassifier\n"
     "from sklearn.model_selection import train_test_split\n\n"
     "X, y = load_iris(return_X_y=True)\n"
     "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)"
     "\n"
     "clf = SGDClassifier(random_state=0)\nfor epoch in range(20):\n"
     "    clf.partial_fit(X_train, y_train, classes=[0, 1, 2])\n"
     "    acc = clf.score(X_test, y_test)\n    print(f\"epoch {epoch}: accuracy {acc}:.3f}\")\n",
     "from sklearn.datasets import load_iris\nfrom sklearn.linear_model import SGDClassifier\n"
     "from sklearn.model_selection import train_test_split\n\n"
     "X, y = load_iris(return_X_y=True)\n"
     "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)"
     "\n"
     "clf = SGDClassifier(random_state=0)\nfor epoch in range(20):\n"
     "    clf.partial_fit(X_train, y_train, classes=[0, 1, 2])\n"
     "    acc = clf.score(X_test, y_test)\n    print(f\"epoch {epoch}: accuracy {acc:.3f}\")\n"),
    ("csv-to-json-with-misspelt-wiht",
     "import csv\nimport json\n\ndef csv_to_json(csv_path, json_path):\n"
     "    with open(csv_path, newline=\"\") as f:\n        rows = list(csv.DictReader(f))\n"
     "    wiht open(json_path, \"w\") as out:\n        json.dump(rows, out, indent=2)\n"
     "    return len(rows)\n\n"
     "print(csv_to_json(\"people.csv\", \"people.json\"), \"rows written\")\n",
     "import csv\nimport json\n\ndef csv_to_json(csv_path, json_path):\n"
     "    with open(csv_path, newline=\"\") as f:\n        rows = list(csv.DictReader(f))\n"
     "    with open(json_path, \"w\") as out:\n        json.dump(rows, out, indent=2)\n"
     "    return len(rows)\n\n"
     "print(csv_to_json(\"people.csv\", \"people.json\"), \"rows written\")\n"),
    ("tictactoe-board-row-missing-open-bracket",
     "board = [\n    [\" \", \" \", \" \"],\n    \" \", \" \", \" \"],\n"
     "    [\" \", \" \", \" \"],\n]\n\ndef show(board):\n    for row in board:\n"
     "        print(\"|\".join(row))\n        print(\"-\" * 5)\n\nshow(board)\n",
     "board = [\n    [\" \", \" \", \" \"],\n    [\" \", \" \", \" \"],\n"
     "    [\" \", \" \", \" \"],\n]\n\ndef show(board):\n    for row in board:\n"
     "        print(\"|\".join(row))\n        print(\"-\" * 5)\n\nshow(board)\n"),
    ("stack-class-java-new",
     "class Stack:\n    def __init__(self):\n        self.items = []\n\n"
     "    def push(self, item):\n        self.items.append(item)\n\n    def pop(self):\n"
     "        return self.items.pop()\n\ns = new Stack()\ns.push(\"a\")\ns.push(\"b\")\n"
     "print(s.pop())\n",
     "class Stack:\n    def __init__(self):\n        self.items = []\n\n"
     "    def push(self, item):\n        self.items.append(item)\n\n    def pop(self):\n"
     "        return self.items.pop()\n\ns = Stack()\ns.push(\"a\")\ns.push(\"b\")\n"
     "print(s.pop())\n"),
    ("binary-search-return-after-loop-dedent",
     "def binary_search(items, target):\n    low, high = 0, len(items) - 1\n"
     "    while low <= high:\n        mid = (low + high) // 2\n"
     "        if items[mid] == target:\n            return mid\n"
     "        elif items[mid] < target:\n            low = mid + 1\n        else:\n"
     "            high = mid - 1\n  return -1\n\nprint(binary_search([1, 3, 5, 7, 9, 11], 7))\n",
     "def binary_search(items, target):\n    low, high = 0, len(items) - 1\n"
     "    while low <= high:\n        mid = (low + high) // 2\n"
     "        if items[mid] == target:\n            return mid\n"
     "        elif items[mid] < target:\n            low = mid + 1\n        else:\n"
     "            high = mid - 1\n    return -1\n\n"
     "print(binary_search([1, 3, 5, 7, 9, 11], 7))\n"),
    ("prime-sieve-comprehension-filter-assign",
     "def sieve(n):\n    is_prime = [True] * (n + 1)\n    is_prime[0] = is_prime[1] = False\n"
     "    for i in range(2, int(n ** 0.5) + 1):\n        if is_prime[i]:\n"
     "            for j in range(i * i, n + 1, i):\n                is_prime[j] = False\n"
     "    return [i for i in range(n + 1) if is_prime[i] = True]\n\nprint(sieve(50))\n",
     "def sieve(n):\n    is_prime = [True] * (n + 1)\n    is_prime[0] = is_prime[1] = False\n"
     "    for i in range(2, int(n ** 0.5) + 1):\n        if is_prime[i]:\n"
     "            for j in range(i * i, n + 1, i):\n                is_prime[j] = False\n"
     "    return [i for i in range(n + 1) if is_prime[i] == True]\n\nprint(sieve(50))\n"),
    ("password-markdown-backtick-and-range-slice",
     "import random\nimport string\n\ndef make_password(length=12):\n"
     "    chars = string.ascii_letters + string.digits + \"!@#$%&*\"\n"
     "    return \"\".join(random.choice(chars) for _ in range(length))`\n\n"
     "password = make_password(16)\nprint(\"Starts with\", password[0..4])\n",
     "import random\nimport string\n\ndef make_password(length=12):\n"
     "    chars = string.ascii_letters + string.digits + \"!@#$%&*\"\n"
     "    return \"\".join(random.choice(chars) for _ in range(length))\n\n"
     "password = make_password(16)\nprint(\"Starts with\", password[0:4])\n"),
    ("unit-converter-dict-comprehension-comma",
     "TO_METERS = {\"mm\": 0.001, \"cm\": 0.01, \"m\": 1.0, \"km\": 1000.0, \"in\": 0.0254, \"ft"
     "\": 0.3048}\n"
     "FROM_METERS = {unit, 1 / factor for unit, factor in TO_METERS.items()}\n\n"
     "def convert(value, src, dst):\n    return value * TO_METERS[src] * FROM_METERS[dst]\n\n"
     "print(convert(6, \"ft\", \"cm\"))\n",
     "TO_METERS = {\"mm\": 0.001, \"cm\": 0.01, \"m\": 1.0, \"km\": 1000.0, \"in\": 0.0254, \"ft"
     "\": 0.3048}\n"
     "FROM_METERS = {unit: 1 / factor for unit, factor in TO_METERS.items()}\n\n"
     "def convert(value, src, dst):\n    return value * TO_METERS[src] * FROM_METERS[dst]\n\n"
     "print(convert(6, \"ft\", \"cm\"))\n"),
    ("logging-message-concat-plus-across-lines",
     "import logging\nimport shutil\n\n"
     "logging.basicConfig(level=logging.INFO, format=\"%(asctime)s %(levelname)s %(message)s\")"
     "\n"
     "log = logging.getLogger(\"backup\")\n\ndef backup(files, dest):\n    for name in files:\n"
     "        shutil.copy(name, dest)\n        log.info(\"Copied \" + name\n"
     "                 \" to \" + dest)\n    log.info(\"Backed up %d files\", len(files))\n\n"
     "backup([\"notes.txt\", \"todo.txt\"], \"/tmp\")\n",
     "import logging\nimport shutil\n\n"
     "logging.basicConfig(level=logging.INFO, format=\"%(asctime)s %(levelname)s %(message)s\")"
     "\n"
     "log = logging.getLogger(\"backup\")\n\ndef backup(files, dest):\n    for name in files:\n"
     "        shutil.copy(name, dest)\n        log.info(\"Copied \" + name +\n"
     "                 \" to \" + dest)\n    log.info(\"Backed up %d files\", len(files))\n\n"
     "backup([\"notes.txt\", \"todo.txt\"], \"/tmp\")\n"),
    ("threading-worker-java-catch",
     "import queue\nimport threading\n\ndef worker():\n    while True:\n        try:\n"
     "            n = jobs.get(timeout=1)\n        catch queue.Empty:\n            return\n"
     "        print(threading.current_thread().name, n * n)\n\njobs = queue.Queue()\n"
     "for n in range(10):\n    jobs.put(n)\nthreading.Thread(target=worker).start()\n",
     "import queue\nimport threading\n\ndef worker():\n    while True:\n        try:\n"
     "            n = jobs.get(timeout=1)\n        except queue.Empty:\n            return\n"
     "        print(threading.current_thread().name, n * n)\n\njobs = queue.Queue()\n"
     "for n in range(10):\n    jobs.put(n)\nthreading.Thread(target=worker).start()\n"),
    ("subprocess-shell-command-inner-double-quotes",
     "import subprocess\n\nsubprocess.run([\"git\", \"add\", \"-A\"], check=True)\n"
     "result = subprocess.run(\"git commit -m \"nightly backup\"\", shell=True,\n"
     "                        capture_output=True, text=True)\nif result.returncode != 0:\n"
     "    print(\"commit failed:\", result.stderr)\n",
     "import subprocess\n\nsubprocess.run([\"git\", \"add\", \"-A\"], check=True)\n"
     "result = subprocess.run('git commit -m \"nightly backup\"', shell=True,\n"
     "                        capture_output=True, text=True)\nif result.returncode != 0:\n"
     "    print(\"commit failed:\", result.stderr)\n"),
    ("sql-builder-escaped-quote-eats-close",
     "import sqlite3\n\ndef find_user_query(table, name):\n"
     "    sql = \"SELECT id, email FROM \" + table\n"
     "    sql += \" WHERE name = \\\"\" + name + \"\\\"\n    return sql + \" LIMIT 1\"\n\n"
     "conn = sqlite3.connect(\"app.db\")\n"
     "print(conn.execute(find_user_query(\"users\", \"ann\")).fetchall())\n",
     "import sqlite3\n\ndef find_user_query(table, name):\n"
     "    sql = \"SELECT id, email FROM \" + table\n"
     "    sql += \" WHERE name = \\\"\" + name + \"\\\"\"\n    return sql + \" LIMIT 1\"\n\n"
     "conn = sqlite3.connect(\"app.db\")\n"
     "print(conn.execute(find_user_query(\"users\", \"ann\")).fetchall())\n"),
    ("turtle-onkey-lambda-empty-parens",
     "import turtle\n\nscreen = turtle.Screen()\nt = turtle.Turtle()\n"
     "screen.onkey(lambda(): t.forward(20), \"Up\")\n"
     "screen.onkey(lambda: t.left(90), \"Left\")\nscreen.onkey(lambda: t.right(90), \"Right\")\n"
     "screen.listen()\nturtle.done()\n",
     "import turtle\n\nscreen = turtle.Screen()\nt = turtle.Turtle()\n"
     "screen.onkey(lambda: t.forward(20), \"Up\")\nscreen.onkey(lambda: t.left(90), \"Left\")\n"
     "screen.onkey(lambda: t.right(90), \"Right\")\nscreen.listen()\nturtle.done()\n"),
    ("os-walk-chmod-py2-octal",
     "import os\n\nfor root, dirs, files in os.walk(\"scripts\"):\n    for name in files:\n"
     "        if name.endswith(\".sh\"):\n            path = os.path.join(root, name)\n"
     "            os.chmod(path, 0755)\n            print(\"made executable:\", path)\n",
     "import os\n\nfor root, dirs, files in os.walk(\"scripts\"):\n    for name in files:\n"
     "        if name.endswith(\".sh\"):\n            path = os.path.join(root, name)\n"
     "            os.chmod(path, 0o755)\n            print(\"made executable:\", path)\n"),
    ("todo-cli-case-colon-fstring-inner-quotes",
     "todos = []\nwhile True:\n    command, _, arg = input(\"> \").partition(\" \")\n"
     "    match command:\n        case \"add\"\n"
     "            todos.append({\"text\": arg, \"done\": False})\n        case \"done\":\n"
     "            todos[int(arg) - 1][\"done\"] = True\n        case \"list\":\n"
     "            for i, t in enumerate(todos, 1):\n"
     "                print(f\"{i}. [{'x' if t['done'] else ' '}] {t[\"text\"]}\")\n"
     "        case \"quit\":\n            break\n",
     "todos = []\nwhile True:\n    command, _, arg = input(\"> \").partition(\" \")\n"
     "    match command:\n        case \"add\":\n"
     "            todos.append({\"text\": arg, \"done\": False})\n        case \"done\":\n"
     "            todos[int(arg) - 1][\"done\"] = True\n        case \"list\":\n"
     "            for i, t in enumerate(todos, 1):\n"
     "                print(f\"{i}. [{'x' if t['done'] else ' '}] {t['text']}\")\n"
     "        case \"quit\":\n            break\n"),
    ("deadline-date-leading-zero-month",
     "from datetime import date\n\ntoday = date.today()\ndeadline = date(2024, 09, 30)\n"
     "delta = deadline - today\nif delta.days < 0:\n"
     "    print(f\"Overdue by {-delta.days} days\")\nelse:\n"
     "    print(f\"{delta.days} days left\")\n",
     "from datetime import date\n\ntoday = date.today()\ndeadline = date(2024, 9, 30)\n"
     "delta = deadline - today\nif delta.days < 0:\n"
     "    print(f\"Overdue by {-delta.days} days\")\nelse:\n"
     "    print(f\"{delta.days} days left\")\n"),
    ("property-setter-decorator-auto-indented",
     "class Temperature:\n    def __init__(self, celsius=0.0):\n"
     "        self._celsius = celsius\n\n    @property\n    def celsius(self):\n"
     "        return self._celsius\n\n        @celsius.setter\n    def celsius(self, value):\n"
     "        if value < -273.15:\n            raise ValueError(\"below absolute zero\")\n"
     "        self._celsius = value\n",
     "class Temperature:\n    def __init__(self, celsius=0.0):\n"
     "        self._celsius = celsius\n\n    @property\n    def celsius(self):\n"
     "        return self._celsius\n\n    @celsius.setter\n    def celsius(self, value):\n"
     "        if value < -273.15:\n            raise ValueError(\"below absolute zero\")\n"
     "        self._celsius = value\n"),
    ("unittest-method-missing-def",
     "import unittest\n\ndef slugify(title):\n    return \"-\".join(title.lower().split())\n\n"
     "class TestSlugify(unittest.TestCase):\n    def test_spaces(self):\n"
     "        self.assertEqual(slugify(\"Hello World\"), \"hello-world\")\n\n"
     "    test_uppercase(self):\n        self.assertEqual(slugify(\"ABC\"), \"abc\")\n\n"
     "if __name__ == \"__main__\":\n    unittest.main()\n",
     "import unittest\n\ndef slugify(title):\n    return \"-\".join(title.lower().split())\n\n"
     "class TestSlugify(unittest.TestCase):\n    def test_spaces(self):\n"
     "        self.assertEqual(slugify(\"Hello World\"), \"hello-world\")\n\n"
     "    def test_uppercase(self):\n        self.assertEqual(slugify(\"ABC\"), \"abc\")\n\n"
     "if __name__ == \"__main__\":\n    unittest.main()\n"),
]
