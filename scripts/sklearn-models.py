"""Fixtures for test/model-json.test.ts: models written by scikit-learn's LinearSVC in its own
layout (coef_, intercept_, classes_), with the rows they were asked about and their predictions.

Run with Debian's python3-sklearn:  /usr/bin/python3 scripts/sklearn-models.py
- WDBC (data/wdbc.csv), binary, labels 0 (malignant) and 1 (benign): the test rows (i % 5 == 0),
  standardised with the training rows' statistics, as data/datasets.ts does.
- Iris (scikit-learn's bundled copy, BSD), three classes relabelled 3, 7 and 11 (any integers are
  labels), one-vs-rest and Crammer–Singer.
X is written as float32 values, the precision this library holds it in.
"""
import json
import warnings
import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.svm import LinearSVC
from dataset_split import dataset_split

warnings.simplefilter('ignore')
cases = []


def case(name, model, X):
    cases.append({
        'name': name,
        'model': {'coef_': model.coef_.tolist(), 'intercept_': model.intercept_.tolist(), 'classes_': model.classes_.tolist()},
        'X': X.tolist(),
        'predictions': model.predict(X).tolist(),
    })


X, labels, test = dataset_split('wdbc')
X = X.astype(np.float32).astype(np.float64)
case('wdbc binary', LinearSVC(C=1, random_state=0, max_iter=100_000).fit(X[~test], labels[~test]), X[test])

iris = load_iris()
Xi = iris.data.astype(np.float32).astype(np.float64)
yi = np.array([3, 7, 11])[iris.target]
case('iris one-vs-rest', LinearSVC(C=1, random_state=0, max_iter=100_000).fit(Xi, yi), Xi)
case('iris crammer-singer', LinearSVC(C=1, multi_class='crammer_singer', random_state=0, max_iter=100_000).fit(Xi, yi), Xi)

with open('data/fixtures/sklearn-models.json', 'w') as f:
    json.dump({'sklearn': sklearn.__version__, 'cases': cases}, f)
print('wrote data/fixtures/sklearn-models.json:', ', '.join(c['name'] for c in cases))
