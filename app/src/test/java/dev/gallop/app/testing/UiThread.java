package dev.gallop.app.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/// A stand-in for the FX thread in view-model tests: one thread that runs the engine events handed to the view
/// model and the test's own calls, so the view model sees the same single-threaded world as in the app.
public final class UiThread implements java.util.concurrent.Executor, AutoCloseable {
    private final ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-ui");
        t.setDaemon(true);
        return t;
    });

    @Override public void execute(Runnable r) { exec.execute(r); }

    /// Runs `c` on the UI thread and returns its result (exceptions are rethrown here).
    public <T> T call(Callable<T> c) throws Exception {
        try {
            return exec.submit(c).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }

    public void run(Runnable r) throws Exception { call(() -> { r.run(); return null; }); }

    /// Polls `cond` on the UI thread until it holds; fails after `seconds`.
    public void await(BooleanSupplier cond, double seconds, String what) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (!call(cond::getAsBoolean)) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Override public void close() { exec.shutdownNow(); }
}
