"""Fixtures for test/sklearn-conventions.test.ts: scikit-learn's LinearSVC (liblinear) solutions on
data/wdbc.csv, for the hinge and the squared hinge at C in {0.01, 0.1, 1, 10}.

Run with Debian's python3-sklearn:  /usr/bin/python3 scripts/sklearn-linearsvc-fixtures.py
Same split and scaling as data/datasets.ts: rows i % 5 == 0 are the test set; features standardised
with the training rows' mean and (population) standard deviation; y = +1 for benign, -1 otherwise.

LinearSVC minimises 1/2 |w|^2 + C sum(L_i) (L: the hinge, or its square without 1/2); divided by
C n that is this library's (1/n) sum(L_i) + lambda/2 |w|^2 with lambda = 1/(C n). liblinear also
regularises the intercept, as a feature of value intercept_scaling: a large one makes that penalty
negligible, but it also dominates the dual's conditioning, and the dual solver then stalls. The
squared hinge uses liblinear's primal Newton solver (dual=False), which converges; the hinge has
only the dual solver, which can stall short of the optimum at small lambda. Each entry keeps its
best run over tolerances and intercept_scaling in {1, 10, 100, 1000}, judged by this library's
objective (the intercept unpenalised): the best that liblinear reaches of this library's problem.
"""
import json
import warnings
import numpy as np
import sklearn
from sklearn.svm import LinearSVC
from dataset_split import dataset_split

X, labels, test = dataset_split('wdbc')
X = X.astype(np.float32).astype(np.float64)
y = np.where(labels == 1, 1, -1)
Xtr, ytr = X[~test], y[~test]
n = len(ytr)


def objective(loss, w, b, lam):
    argument = np.maximum(0, 1 - ytr * (Xtr @ w + b))
    data_term = (argument ** 2 if loss == 'squared_hinge' else argument).mean()
    return data_term + lam / 2 * w @ w


warnings.simplefilter('ignore')  # liblinear's convergence warnings: the objective judges instead
entries = []
for loss in ('hinge', 'squared_hinge'):
    for C in (0.01, 0.1, 1, 10):
        lam = 1 / (C * n)
        best = None
        for tol, scaling in ((tol, scaling) for tol in (1e-6, 1e-8, 1e-10) for scaling in (1, 10, 100, 1000)):
            model = LinearSVC(loss=loss, C=C, intercept_scaling=scaling, tol=tol, max_iter=1_000_000, random_state=0, dual=loss == 'hinge')
            model.fit(Xtr, ytr)
            w, b = model.coef_[0], model.intercept_[0]
            value = objective(loss, w, b, lam)
            if best is None or value < best['objective']:
                best = {
                    'loss': 'hinge' if loss == 'hinge' else 'squared-hinge', 'C': C, 'lambda': lam, 'tol': tol, 'interceptScaling': scaling,
                    'coef': w.tolist(), 'intercept': float(b), 'objective': float(value),
                    'trainAccuracy': float(model.score(Xtr, ytr)), 'testAccuracy': float(model.score(X[test], y[test])),
                }
        entries.append(best)
        print(f"{best['loss']:14s} C={C:<5} lambda={lam:.3e} objective={best['objective']:.8f} tol={best['tol']} scaling={best['interceptScaling']} "
              f"train={best['trainAccuracy']:.4f} test={best['testAccuracy']:.4f}")

with open('data/fixtures/wdbc-linearsvc.json', 'w') as f:
    json.dump({'sklearn': sklearn.__version__, 'trainRows': n, 'entries': entries}, f, indent=1)
print('wrote data/fixtures/wdbc-linearsvc.json')
