# expect methods: _unused
import unittest


class MathTest(unittest.TestCase):
    def setUp(self):
        self.value = 2

    def tearDown(self):
        self.value = 0

    def test_double(self):
        self.assertEqual(self.value * 2, 4)

    def _unused(self):
        return self.value


if __name__ == "__main__":
    unittest.main()
