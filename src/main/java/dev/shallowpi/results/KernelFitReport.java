package dev.shallowpi.results;

/**
 * How well one merged conv of {@code --kernel same} reproduces the exact composition it replaces, on the
 * teacher's calibration activations: the squared error over the output's variance (summed over channels) of the
 * least-squares kernel and of the centre crop, on {@code positions} output positions of {@code images} images.
 *
 * @param conv     the merged conv (named as the chain's first conv)
 * @param composed the exact composition's kernel, e.g. {@code 16->32 k7x7 s2 p(3,3,3,3)}
 */
public record KernelFitReport(String conv, String composed, int images, int positions, double fitError,
                              double cropError) {
}
