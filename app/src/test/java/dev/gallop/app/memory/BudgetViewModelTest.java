package dev.gallop.app.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.settings.AppSettings;
import dev.gallop.engine.backend.MemoryBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The GPU memory budget setting: chosen from the list or typed, parsed as the engine parses `--vram`, kept in the
/// settings file, applied at start and on every change; text that is not a size is refused naming it.
class BudgetViewModelTest {
    @TempDir Path dir;
    final List<MemoryBudget> applied = new ArrayList<>();
    final List<String> messages = new ArrayList<>();

    BudgetViewModel budget(AppSettings s) { return new BudgetViewModel(s, "CPU (cpu)", applied::add, messages::add); }

    @Test void aChosenBudgetIsKeptAppliedAndComesBack() throws Exception {
        Path file = dir.resolve("settings.json");
        BudgetViewModel vm = budget(AppSettings.load(file));
        assertEquals(List.of(MemoryBudget.UNLIMITED), applied, "automatic is applied at start");
        assertEquals(Budgets.AUTOMATIC, vm.choiceProperty().get());

        assertTrue(vm.choose("16g"));
        assertEquals(new MemoryBudget(16L << 30), vm.budgetProperty().get());
        assertEquals("16G", vm.choiceProperty().get(), "shown as it is written");
        assertEquals(new MemoryBudget(16L << 30), applied.getLast());
        assertTrue(Files.readString(file).contains("\"gpu_memory_budget\" : \"16G\""), Files.readString(file));
        assertEquals("GPU memory budget: 16.0 GiB", messages.getLast());

        assertTrue(vm.choose("12000M"));
        applied.clear();
        BudgetViewModel again = budget(AppSettings.load(file));
        assertEquals(new MemoryBudget(12000L << 20), again.budgetProperty().get());
        assertEquals("12000M", again.choiceProperty().get());
        assertEquals(List.of(new MemoryBudget(12000L << 20)), applied, "the kept budget is applied at start");

        assertTrue(again.choose(Budgets.AUTOMATIC));
        assertEquals(MemoryBudget.UNLIMITED, AppSettings.load(file).memoryBudget());
        assertFalse(Files.readString(file).contains("gpu_memory_budget"), "automatic is the default: nothing kept");
    }

    @Test void textThatIsNotASizeIsRefusedNamingIt() throws Exception {
        Path file = dir.resolve("settings.json");
        BudgetViewModel vm = budget(AppSettings.load(file));
        assertTrue(vm.choose("24G"));
        int appliedBefore = applied.size();

        assertFalse(vm.choose("lots"));
        assertTrue(vm.errorProperty().get().startsWith("Memory budget 'lots' is not a size"), vm.errorProperty().get());
        assertEquals(new MemoryBudget(24L << 30), vm.budgetProperty().get(), "the budget stays");
        assertEquals("24G", vm.choiceProperty().get());
        assertEquals(new MemoryBudget(24L << 30), AppSettings.load(file).memoryBudget(), "the file keeps the budget");

        assertFalse(vm.choose("4M"));
        assertTrue(vm.errorProperty().get().contains("'4M'") && vm.errorProperty().get().contains("below the least"), vm.errorProperty().get());
        assertFalse(vm.choose(""));
        assertTrue(vm.errorProperty().get().contains("''"), vm.errorProperty().get());
        assertEquals(appliedBefore, applied.size(), "nothing refused is applied");

        assertTrue(vm.choose("24 GiB"));
        assertEquals("", vm.errorProperty().get(), "a good choice clears the error");
        assertTrue(vm.choose("auto"));
        assertEquals(Budgets.AUTOMATIC, vm.choiceProperty().get());
    }

    @Test void aBadBudgetInTheSettingsFileIsNamedAndTheRestStillApplies() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"format\": \"gallop-settings\", \"version\": 1, \"keymap\": \"premiere\", \"gpu_memory_budget\": \"huge\"}");
        AppSettings s = AppSettings.load(file);
        assertTrue(s.problem().contains("'huge'"), s.problem());
        assertEquals(MemoryBudget.UNLIMITED, s.memoryBudget(), "automatic meanwhile");
        assertEquals("premiere", s.keymap().orElseThrow(), "the other settings are read");
        assertTrue(budget(s).choose("8G"), "choosing a budget puts it right");
        AppSettings fixed = AppSettings.load(file);
        assertEquals("", fixed.problem());
        assertEquals(new MemoryBudget(8L << 30), fixed.memoryBudget());
        assertEquals("premiere", fixed.keymap().orElseThrow());
    }

    @Test void budgetsAreWrittenExactly() {
        assertEquals("auto", Budgets.text(MemoryBudget.UNLIMITED));
        assertEquals("24G", Budgets.text(MemoryBudget.parse("24GiB")));
        assertEquals("1536M", Budgets.text(MemoryBudget.parse("1.5G")));
        assertEquals(Long.toString((64L << 20) + 1), Budgets.text(new MemoryBudget((64L << 20) + 1)));
        for (String t : List.of("24G", "1536M", "8G")) assertEquals(MemoryBudget.parse(t), Budgets.parse(Budgets.text(MemoryBudget.parse(t))));
        assertEquals(MemoryBudget.UNLIMITED, Budgets.parse(Budgets.AUTOMATIC));
    }
}
