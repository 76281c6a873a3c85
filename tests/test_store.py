"""The shared model store: one build per key however many sessions ask, progress for every waiter, a cap on
builds running at once, and a bound on models kept."""

import threading
import time

from ui.store import Store


def test_one_build_per_key_and_every_waiter_sees_progress():
    store, builds, seen = Store(), [], {i: [] for i in range(4)}
    release = threading.Event()

    def build(progress):
        builds.append(1)
        progress(0.5, "half way")
        release.wait(5)
        return "model"

    def ask(i):
        return store.get_or_build("k", build, "Training…", lambda f, m, i=i: seen[i].append((f, m)))

    threads = [threading.Thread(target=lambda i=i: results.append(ask(i))) for i in range(4)]
    results = []
    for t in threads:
        t.start()
    time.sleep(0.8)
    release.set()
    for t in threads:
        t.join(5)
    assert results == ["model"] * 4 and len(builds) == 1
    assert all(any(f == 0.5 for f, _ in seen[i]) for i in seen), seen  # waiters show the builder's progress


def test_at_most_max_training_builds_at_once_and_the_rest_are_told_they_wait():
    store, running, peak, told = Store(max_training=2), [0], [0], []
    lock = threading.Lock()

    def build(progress):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.6)
        with lock:
            running[0] -= 1
        return "m"

    threads = [
        threading.Thread(target=store.get_or_build, args=(k, build, "Training…", lambda f, m: told.append(m)))
        for k in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert peak[0] == 2 and all(store.peek(k) == "m" for k in range(5))
    assert any(m.startswith("Busy") for m in told)


def test_the_least_recently_used_model_is_dropped():
    store = Store(max_entries=2)
    for k in ("a", "b"):
        store.get_or_build(k, lambda p, k=k: k, "", lambda f, m: None)
    store.get_or_build("a", lambda p: "again", "", lambda f, m: None)  # a hit: "a" becomes the most recent
    store.get_or_build("c", lambda p: "c", "", lambda f, m: None)
    assert store.peek("b") is None and store.peek("a") == "a" and store.peek("c") == "c"
