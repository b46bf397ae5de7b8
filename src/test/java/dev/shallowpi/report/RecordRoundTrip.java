package dev.shallowpi.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.results.RunReport;
import dev.shallowpi.results.SweepReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pages read {@code report.json}, {@code sweep.json} and {@code compare.json} as records. A file a real run wrote
 * must read into its record, through the pages' own reader, and write back as the same text: no key lost, renamed,
 * reordered or retyped on the way (a record that lost a key would still draw a page, and drop the key from it).
 */
public final class RecordRoundTrip {
    private RecordRoundTrip() {
    }

    /** {@code file}'s record written back as the writer writes it is the file, byte for byte. */
    public static void assertRoundTrips(Path file) throws IOException {
        Class<?> type = file.getFileName().toString().equals("report.json") ? RunReport.class : SweepReport.class;
        Object record = ReportJson.read(file, type);
        ObjectMapper writer = Checkpoint.json();
        String text = Files.readString(file);
        String back = writer.writeValueAsString(record);
        // the trees first: their difference is the readable one; then the text, which also keeps key order
        assertEquals(writer.readTree(text), writer.readTree(back), file + " read as " + type.getSimpleName());
        assertEquals(text, back, file + " read as " + type.getSimpleName() + ": keys in another order");
    }
}
