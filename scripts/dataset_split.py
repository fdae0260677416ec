"""The split and scaling of data/datasets.ts, for the reference scripts beside this file: rows
i % 5 == 0 are the test set; features standardised with the training rows' mean and (population)
standard deviation, a constant column divided by 1. Labels as in the file's last column (WDBC: 1
benign, 0 malignant; digits: the digit)."""
import csv
import numpy as np


def dataset_split(name):
    """(X standardised in float64, labels, boolean mask of the test rows) of data/NAME.csv."""
    with open(f'data/{name}.csv') as f:
        rows = list(csv.reader(f))[1:]
    data = np.array([[float(v) for v in row[:-1]] for row in rows])
    labels = np.array([int(row[-1]) for row in rows])
    test = np.arange(len(labels)) % 5 == 0
    mean, std = data[~test].mean(axis=0), data[~test].std(axis=0)
    std[std == 0] = 1
    return (data - mean) / std, labels, test
