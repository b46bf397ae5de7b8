package dev.shallowpi.method.selection;

/** A budget the candidates cannot meet; the message states the best value that can be reached. */
public class BudgetException extends IllegalArgumentException {
    public BudgetException(String message) {
        super(message);
    }
}
