package dev.gallop.app.memory;

import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.local.MemoryPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/// The memory plan of the request the prompt panel describes, shown beside Generate: what the generation will hold on
/// the device, and whether it fits the budget. It is made again a moment after anything that changes it (model, size,
/// length, prompt, input files, the budget), on a thread of its own — planning reads the model's configs and file
/// headers — and the latest request wins: a plan for a request that has changed since is dropped.
///
/// [#refusal] is the plan's verdict when the plan for exactly this request says it does not fit; Generate is refused
/// with it. Without a plan for the request (still being made, or it could not be made) nothing is refused here: the
/// generator plans every job again and refuses one that cannot fit.
///
/// Call everything on the UI thread; results are published through `ui`.
public final class MemoryPlanViewModel implements AutoCloseable {
    /// Where the plan stands.
    public enum Status {
        /// Nothing to plan (no model chosen, or no planner).
        NONE,
        /// A plan for the latest request is being made; the last plan stays shown meanwhile.
        CHECKING,
        FITS,
        DOES_NOT_FIT,
        /// The plan could not be made (the reason is in the text).
        UNKNOWN
    }

    /// Makes the plan of a request (the generator's [dev.gallop.engine.pipeline.local.LocalGenerator#plan]).
    @FunctionalInterface
    public interface Planner {
        MemoryPlan plan(GenerationRequest r) throws IOException;
    }

    /// A request as far as memory goes (the seed left out) and the budget it is planned within.
    private record Key(GenerationRequest request, MemoryBudget budget) {}

    private final Planner planner;
    private final Supplier<MemoryBudget> budget;
    private final Executor ui;
    private final Duration delay;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("gallop-memory-plan").unstarted(r));
    private final AtomicLong latest = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(Status.NONE);
    private final ReadOnlyObjectWrapper<MemoryPlan> plan = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private Key wanted;
    private Key shown;
    private ScheduledFuture<?> pending;

    /// @param planner makes plans on this view model's thread; null: no plans are made (status [Status#NONE])
    /// @param budget  the budget plans are made within now (part of what a plan is for)
    /// @param delay   how long the inputs must stay unchanged before a plan is made
    public MemoryPlanViewModel(Planner planner, Supplier<MemoryBudget> budget, Executor ui, Duration delay) {
        this.planner = planner;
        this.budget = budget;
        this.ui = ui;
        this.delay = delay;
    }

    public ReadOnlyObjectProperty<Status> statusProperty() { return status.getReadOnlyProperty(); }

    /// The plan shown (it may be for an earlier request while [Status#CHECKING]), or null.
    public ReadOnlyObjectProperty<MemoryPlan> planProperty() { return plan.getReadOnlyProperty(); }

    /// The compact line beside Generate ([PlanText#compact]), "Checking memory…", or why there is no plan.
    public ReadOnlyStringProperty textProperty() { return text.getReadOnlyProperty(); }

    /// The plan's table, stage by stage, with its verdict (the tooltip).
    public ReadOnlyStringProperty detailsProperty() { return details.getReadOnlyProperty(); }

    /// Called on the UI thread after each plan (or failure to plan) is shown.
    public void addListener(Runnable r) { listeners.add(r); }

    /// The request the inputs describe now (empty: nothing to plan). A plan is made after the delay unless the same
    /// request within the same budget is already planned or being planned.
    public void request(Optional<GenerationRequest> r) {
        if (planner == null || r.isEmpty()) {
            clear();
            return;
        }
        Key k = new Key(normalized(r.get()), budget.get());
        if (k.equals(wanted)) return;
        schedule(k);
    }

    /// Plans the latest request again (the budget changed, or the device's free memory may have).
    public void recheck() {
        if (wanted != null) schedule(new Key(wanted.request(), budget.get()));
    }

    /// The verdict of the plan for exactly `r` within the present budget when it does not fit; empty when it fits or
    /// when there is no plan for it yet.
    public Optional<String> refusal(GenerationRequest r) {
        MemoryPlan p = plan.get();
        if (p == null || p.fits() || shown == null || !shown.equals(new Key(normalized(r), budget.get()))) return Optional.empty();
        return Optional.of(p.verdict());
    }

    private void schedule(Key k) {
        wanted = k;
        long id = latest.incrementAndGet();
        if (pending != null) pending.cancel(false);
        status.set(Status.CHECKING);
        if (plan.get() == null) text.set("Checking memory…");
        try {
            pending = worker.schedule(() -> make(id, k), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending = null;    // closed
        }
    }

    /// On the worker: plans `k` unless a newer request came meanwhile, and hands the result to the UI thread.
    private void make(long id, Key k) {
        if (latest.get() != id) return;
        MemoryPlan p = null;
        String failure = null;
        try {
            p = planner.plan(k.request());
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        MemoryPlan result = p;
        String why = failure;
        ui.execute(() -> publish(id, k, result, why));
    }

    private void publish(long id, Key k, MemoryPlan p, String failure) {
        if (latest.get() != id) return;    // the inputs changed while it was made
        pending = null;
        shown = k;
        plan.set(p);
        if (p == null) {
            status.set(Status.UNKNOWN);
            text.set("Memory not predicted: " + failure);
            details.set("The memory plan could not be made: " + failure + ". The generator checks again when the job starts.");
        } else {
            status.set(p.fits() ? Status.FITS : Status.DOES_NOT_FIT);
            text.set(PlanText.compact(p));
            details.set(p.table().strip());
        }
        for (Runnable r : listeners) r.run();
    }

    private void clear() {
        latest.incrementAndGet();
        if (pending != null) pending.cancel(false);
        pending = null;
        boolean had = shown != null || wanted != null;
        wanted = shown = null;
        plan.set(null);
        status.set(Status.NONE);
        text.set("");
        details.set("");
        if (had) for (Runnable r : listeners) r.run();
    }

    /// `r` without its seed, which does not change what the generation holds.
    private static GenerationRequest normalized(GenerationRequest r) {
        return new GenerationRequest(r.prompt(), r.image(), r.audio(), r.seconds(), r.size(), 0, r.steps(), r.model(), r.variant(),
                r.superResolution());
    }

    @Override public void close() { worker.shutdownNow(); }
}
