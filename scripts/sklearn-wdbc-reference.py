"""Reference numbers for test/train.test.ts: scikit-learn's LinearSVC (hinge loss) on data/wdbc.csv.

Run with Debian's python3-sklearn:  /usr/bin/python3 scripts/sklearn-wdbc-reference.py
Same split and scaling as the test: rows i % 5 == 0 are the test set; features are standardised
with the training rows' mean and (population) standard deviation; y = +1 for benign, -1 otherwise.
LinearSVC minimises 1/2 |w|^2 + C sum(hinge); ours is (1/n) sum(hinge) + lambda/2 |w|^2, the
same minimiser for C = 1 / (lambda n). (liblinear also regularises the intercept; ours does not.)
"""
import numpy as np
import sklearn
from sklearn.svm import LinearSVC
from dataset_split import dataset_split

X, labels, test = dataset_split('wdbc')
y = np.where(labels == 1, 1, -1)
for lam in (0.01, 0.001):
    C = 1 / (lam * (~test).sum())
    model = LinearSVC(loss='hinge', C=C, max_iter=1_000_000, tol=1e-8, random_state=0).fit(X[~test], y[~test])
    w, b = model.coef_[0], model.intercept_[0]
    objective = np.maximum(0, 1 - y[~test] * (X[~test] @ w + b)).mean() + lam / 2 * w @ w
    print(f'sklearn {sklearn.__version__}  lambda={lam}  C={C:.6f}  train accuracy={model.score(X[~test], y[~test]):.4f}  '
          f'test accuracy={model.score(X[test], y[test]):.4f}  objective={objective:.6f}')
