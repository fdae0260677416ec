"""Times scikit-learn's LinearSVC on a problem written by bench/train.ts, for npm run bench:train.

Usage: /usr/bin/python3 scripts/linearsvc-time.py DIR LOSS LAMBDA TOL
DIR holds X.f32 (n×d float32, row-major), y.i32 (n labels of ±1) and shape.json ({"n", "d"}).
Prints one JSON line: the fit's wall time, and this library's objective (1/n) Σ L_i + λ/2 |w|²
(bias not regularised) at LinearSVC's solution, C = 1/(λ n), intercept_scaling 1000 so that its
penalty on the intercept is negligible."""
import json
import sys
import time
import warnings
import numpy as np
from sklearn.svm import LinearSVC

folder, loss, lam, tol = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
shape = json.load(open(f'{folder}/shape.json'))
n, d = shape['n'], shape['d']
X = np.fromfile(f'{folder}/X.f32', dtype=np.float32).reshape(n, d)
y = np.fromfile(f'{folder}/y.i32', dtype=np.int32)
C = 1 / (lam * n)
warnings.simplefilter('ignore')
model = LinearSVC(loss='hinge' if loss == 'hinge' else 'squared_hinge', dual=loss == 'hinge', C=C, tol=tol,
                  intercept_scaling=1000, max_iter=100_000, random_state=0)
started = time.perf_counter()
model.fit(X, y)
seconds = time.perf_counter() - started
w, b = model.coef_[0].astype(np.float64), float(model.intercept_[0])
argument = np.maximum(0, 1 - y * (X.astype(np.float64) @ w + b))
objective = float((argument ** 2 if loss != 'hinge' else argument).mean() + lam / 2 * w @ w)
print(json.dumps({'seconds': seconds, 'objective': objective, 'iterations': int(np.max(model.n_iter_))}))
