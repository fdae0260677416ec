"""Writes data/digits.csv from scikit-learn's bundled copy of the UCI optical digits (BSD-3-Clause,
as scikit-learn): 1797 rows of 64 pixel counts (0..16) and the digit. Run with Debian's
python3-sklearn:  /usr/bin/python3 scripts/digits-csv.py"""
from sklearn.datasets import load_digits

digits = load_digits()
with open('data/digits.csv', 'w') as f:
    f.write(','.join([f'pixel_{k}' for k in range(64)] + ['digit']) + '\n')
    for row, label in zip(digits.data.astype(int), digits.target):
        f.write(','.join(str(v) for v in row) + f',{label}\n')
print('wrote data/digits.csv')
