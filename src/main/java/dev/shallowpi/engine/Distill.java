package dev.shallowpi.engine;

/**
 * Logit distillation from the teacher: the softmax temperature, and the weight of the distillation term (the rest
 * of the loss is cross-entropy on the labels).
 */
public record Distill(double temperature, double weight) {
}
