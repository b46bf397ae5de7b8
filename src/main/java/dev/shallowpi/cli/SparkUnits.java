package dev.shallowpi.cli;

import dev.shallowpi.engine.CoreShare;
import dev.shallowpi.engine.Djl;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code sweep}/{@code compare --executor spark}: the job-array steps with Spark scheduling the units. The driver
 * runs {@code --prepare} (settings, summary, shared sensitivity), then one Spark task per unit, each running the same
 * command with {@code --unit K} in its executor, then {@code --collect}. A task that fails is retried by Spark
 * ({@code spark.task.maxFailures}) and its unit continues from its last checkpoint, as a rerun of {@code --unit K}
 * does. The output folder must be one the driver and every executor see at the same path (README, "Scale out").
 *
 * <p>Spark is not in the jar: spark-submit provides it. Give each task the executor's cores
 * ({@code --conf spark.task.cpus=N} with {@code --executor-cores N}), so that one unit runs per executor at a time;
 * its engine runs on the task's {@code spark.task.cpus} threads.
 */
final class SparkUnits {
    private SparkUnits() {
    }

    /**
     * @param args  the command line as given (the subcommand first), {@code --executor spark} included
     * @param units how many units the plan has
     */
    static void run(List<String> args, int units, PrintWriter out, PrintWriter err) {
        List<String> base = withoutExecutor(args);
        SparkConf conf;
        try {
            conf = new SparkConf().setAppName("shallowpi " + String.join(" ", base));
        } catch (NoClassDefFoundError e) {
            throw new UserError("--executor spark: Spark is not on the class path; run the jar with spark-submit");
        }
        if (!conf.contains("spark.master")) {
            throw new UserError("--executor spark: no Spark master is set; run the jar with spark-submit (or set "
                    + "-Dspark.master=local[N])");
        }
        StepFailed.run("shallowpi", plus(base, "--prepare"), out, err);
        ArrayList<String> unitArgs = new ArrayList<>(base);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            out.println("running " + units + " units as Spark tasks (" + sc.master() + ")");
            out.flush();
            sc.parallelize(IntStream.range(0, units).boxed().toList(), units)
                    .foreach(k -> runUnit(unitArgs, k));
        } catch (Exception e) { // Scala declares no exceptions: Spark's SparkException arrives undeclared
            if (!(e instanceof SparkException)) {
                throw e;
            }
            throw new UserError("--executor spark: a unit failed as often as Spark retries it ("
                    + Main.firstLine(e.getMessage()) + "); its output is in the executor's log; rerun to continue from "
                    + "the units' checkpoints", e);
        }
        StepFailed.run("shallowpi", plus(base, "--collect"), out, err);
    }

    /** One unit, in an executor: the command with {@code --unit K}; a failure fails the task, for Spark to retry. */
    static void runUnit(List<String> base, int unit) {
        Djl.prepareThread(); // a Spark task runs on a thread of Spark's, not the one that loaded the engine
        TaskContext task = TaskContext.get();
        if (task != null) {
            CoreShare.fixThreads(task.cpus()); // the cores Spark gave this task, not the host's
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        List<String> args = plus(base, "--unit");
        args.add(Integer.toString(unit));
        int code = Main.run(args.toArray(new String[0]), out, err);
        if (code != 0) {
            throw new IllegalStateException("unit " + unit + ": shallowpi " + String.join(" ", args)
                    + " exited with " + code);
        }
    }

    static List<String> withoutExecutor(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(SweepPartOptions.EXECUTOR)) {
                i++; // and its value
            } else if (!a.startsWith(SweepPartOptions.EXECUTOR + "=")) {
                out.add(a);
            }
        }
        return out;
    }

    private static List<String> plus(List<String> args, String flag) {
        List<String> out = new ArrayList<>(args);
        out.add(flag);
        return out;
    }
}
