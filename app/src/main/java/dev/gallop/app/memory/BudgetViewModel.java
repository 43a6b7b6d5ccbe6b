package dev.gallop.app.memory;

import dev.gallop.app.settings.AppSettings;
import dev.gallop.engine.backend.MemoryBudget;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/// The "GPU memory budget" setting: automatic (all the device has free) or a cap such as 24G, so that a job is planned
/// and run as on a smaller card. The choice is kept in the [AppSettings], handed to the generator and the memory plan
/// (`apply`) at once and at start. Text that is not a size is refused with an error naming it; the budget stays.
/// UI thread only.
public final class BudgetViewModel {
    private final AppSettings settings;
    private final Consumer<MemoryBudget> apply;
    private final Consumer<String> report;
    private final String device;
    private final ReadOnlyObjectWrapper<MemoryBudget> budget = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper choice = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    /// @param device what the budget applies to, in words ("NVIDIA H200 (cuda:0)")
    /// @param apply  receives the budget now and after every change (the generator's `setBudget`, then a new plan)
    /// @param report takes messages for the status line
    public BudgetViewModel(AppSettings settings, String device, Consumer<MemoryBudget> apply, Consumer<String> report) {
        this.settings = settings;
        this.device = device;
        this.apply = apply;
        this.report = report;
        budget.set(settings.memoryBudget());
        choice.set(Budgets.choice(budget.get()));
        apply.accept(budget.get());
    }

    /// The picker's entries; any other size can be typed.
    public List<String> choices() { return Budgets.CHOICES; }

    /// The device the budget holds, in words.
    public String device() { return device; }

    public ReadOnlyObjectProperty<MemoryBudget> budgetProperty() { return budget.getReadOnlyProperty(); }

    /// The budget as the picker shows it: [Budgets#AUTOMATIC] or a size such as "24G".
    public ReadOnlyStringProperty choiceProperty() { return choice.getReadOnlyProperty(); }

    /// Why the text last chosen was not taken; empty when it was.
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /// Takes the budget `text` names ([Budgets#parse]): kept, applied, and the plan made again. False, with
    /// [#errorProperty()] naming the text, when it is not a size (or is below the least Gallop runs in).
    public boolean choose(String text) {
        MemoryBudget b;
        try {
            b = Budgets.parse(text);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            error.set(m.substring(0, 1).toUpperCase(Locale.ROOT) + m.substring(1));
            return false;
        }
        error.set("");
        choice.set(Budgets.choice(b));
        if (b.equals(budget.get())) return true;
        budget.set(b);
        try {
            settings.setMemoryBudget(b);
        } catch (IOException e) {
            report.accept("Could not keep the GPU memory budget in " + settings.file() + ": " + e.getMessage());
        }
        apply.accept(b);
        report.accept("GPU memory budget: " + (b.isUnlimited() ? "automatic (all free memory)" : b.toString()));
        return true;
    }
}
