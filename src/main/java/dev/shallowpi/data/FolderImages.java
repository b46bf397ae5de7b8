package dev.shallowpi.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decodes a list of image files and brings each to one size, on a small pool of threads (PNG and JPEG decoding is
 * the slow part of reading a folder; each file is independent). The result keeps the list's order, and a file that
 * fails is reported as the first failing file of the list, whatever thread met it first, so that the same folder
 * always gives the same message.
 */
final class FolderImages {
    /** Files a task decodes in a row: enough to amortise the hand-over, few enough to balance the threads. */
    private static final int CHUNK = 256;

    private FolderImages() {
    }

    /** One image at the target size, in the channels it was stored with (1 for grayscale, else 3). */
    record Fitted(int channels, byte[] planes) {
    }

    /** Every file decoded and fitted to {@code height x width}, in order. */
    static Fitted[] decode(List<FolderLayout.Entry> files, int height, int width) {
        Fitted[] out = new Fitted[files.size()];
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
                (files.size() + CHUNK - 1) / CHUNK));
        if (threads == 1) {
            decodeRange(files, 0, files.size(), height, width, out);
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "shallowpi-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<DataError>> chunks = new ArrayList<>();
            for (int start = 0; start < files.size(); start += CHUNK) {
                int from = start;
                int to = Math.min(files.size(), start + CHUNK);
                chunks.add(pool.submit(() -> {
                    try {
                        decodeRange(files, from, to, height, width, out);
                        return null;
                    } catch (DataError e) {
                        return e;
                    }
                }));
            }
            // chunks are in list order: the first chunk with a failure holds the first failing file
            for (Future<DataError> chunk : chunks) {
                DataError failed = chunk.get();
                if (failed != null) {
                    throw failed;
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataError("interrupted while decoding the images of " + files.get(0).file().getParent(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void decodeRange(List<FolderLayout.Entry> files, int from, int to, int height, int width,
                                    Fitted[] out) {
        for (int i = from; i < to; i++) {
            ImageDecoder.Decoded d = ImageDecoder.decode(files.get(i).file());
            out[i] = new Fitted(d.channels(), Resampling.fit(d.planes(), d.channels(), d.height(), d.width(), height,
                    width));
        }
    }

    /**
     * The images as one set of {@code channels}: a grayscale image is repeated into 3 planes for a colour set, a
     * colour image becomes its luma ({@code 0.299 R + 0.587 G + 0.114 B}, as PIL's conversion to "L") for a
     * grayscale set.
     */
    static ImageSet assemble(Fitted[] images, List<FolderLayout.Entry> files, dev.shallowpi.ir.Shape shape,
                             int classes) {
        int channels = shape.channels();
        int plane = shape.height() * shape.width();
        int per = channels * plane;
        byte[] pixels = new byte[images.length * per];
        int[] labels = new int[images.length];
        for (int i = 0; i < images.length; i++) {
            labels[i] = files.get(i).label();
            byte[] p = images[i].planes();
            int at = i * per;
            if (images[i].channels() == channels) {
                System.arraycopy(p, 0, pixels, at, per);
            } else if (channels == 3) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(p, 0, pixels, at + c * plane, plane);
                }
            } else {
                for (int k = 0; k < plane; k++) {
                    double luma = 0.299 * (p[k] & 0xff) + 0.587 * (p[plane + k] & 0xff) + 0.114 * (p[2 * plane + k] & 0xff);
                    pixels[at + k] = (byte) Math.min(255, Math.round(luma));
                }
            }
        }
        return new ImageSet(pixels, labels, shape, classes);
    }

    /** The images must fit one array of bytes, as every {@link ImageSet} does; checked before any is decoded. */
    static void requireFits(java.nio.file.Path split, long images, long perImage) {
        if (images * perImage > Integer.MAX_VALUE - 16) {
            throw new DataError(split + ": " + images + " images of " + perImage + " bytes each are more than one "
                    + "array holds (2 GiB); choose a smaller --image-size");
        }
    }
}
