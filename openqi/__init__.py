"""OpenQI: continuous quality improvement for NHS trusts and integrated care systems."""

import os

# Small matrix products (similar ideas) are fastest on one thread; a thread pool per web or worker
# process only fights the other processes for the cores. Set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
