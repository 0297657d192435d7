package ai.tvlt.models.tvlt;

/**
 * Ascending argsort with exactly the tie order of {@code torch.argsort} on the CPU (torch 1.13, Linux):
 * libstdc++'s {@code std::sort} introsort applied to (value, index) pairs comparing values only
 * (median-of-3 Hoare partitioning while a range holds more than 16 elements, heapsort after
 * 2*floor(log2 n) levels, final insertion sort). It is not stable: tied values come out in the order
 * this algorithm leaves them, and that order decides which tokens random masking keeps. Ported
 * step by step from the golden models README, "Appendix: the argsort that reproduces torch (CPU)
 * exactly"; GPU torch or macOS builds would order ties differently. NaN must not occur (inputs are
 * validated). Stateless; each call works on its own arrays.
 */
public final class TorchArgsort {

    private static final int THRESHOLD = 16;

    private final float[] value;
    private final int[] index;

    private TorchArgsort(float[] values) {
        int n = values.length;
        this.value = values.clone();
        this.index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
    }

    /**
     * @param values one row of values
     * @return the indices that sort it ascending, ties ordered as torch's CPU argsort orders them
     */
    public static int[] argsort(float[] values) {
        TorchArgsort s = new TorchArgsort(values);
        s.sort();
        return s.index;
    }

    /**
     * @param permutation a permutation of 0..n-1
     * @return its inverse ({@code argsort(ids_shuffle)} in the reference)
     */
    public static int[] inverse(int[] permutation) {
        int[] inv = new int[permutation.length];
        for (int i = 0; i < permutation.length; i++) {
            inv[permutation[i]] = i;
        }
        return inv;
    }

    private void sort() {
        int n = value.length;
        if (n <= 1) {
            return;
        }
        introLoop(0, n, 2 * floorLog2(n));
        if (n > THRESHOLD) {
            insertionSort(0, THRESHOLD);
            for (int i = THRESHOLD; i < n; i++) {
                unguardedLinearInsert(i);
            }
        } else {
            insertionSort(0, n);
        }
    }

    private static int floorLog2(int n) {
        return 31 - Integer.numberOfLeadingZeros(n);
    }

    private boolean less(int i, int j) {
        return value[i] < value[j];
    }

    private void swap(int i, int j) {
        float v = value[i];
        value[i] = value[j];
        value[j] = v;
        int x = index[i];
        index[i] = index[j];
        index[j] = x;
    }

    private void introLoop(int lo, int hi, int depth) {
        while (hi - lo > THRESHOLD) {
            if (depth == 0) {
                heapSort(lo, hi);
                return;
            }
            depth--;
            moveMedianToFront(lo, lo + 1, lo + (hi - lo) / 2, hi - 1);
            int cut = unguardedPartition(lo + 1, hi, lo);
            introLoop(cut, hi, depth);
            hi = cut;
        }
    }

    private void moveMedianToFront(int r, int x, int y, int z) {
        if (less(x, y)) {
            if (less(y, z)) {
                swap(r, y);
            } else if (less(x, z)) {
                swap(r, z);
            } else {
                swap(r, x);
            }
        } else if (less(x, z)) {
            swap(r, x);
        } else if (less(y, z)) {
            swap(r, z);
        } else {
            swap(r, y);
        }
    }

    private int unguardedPartition(int i, int j, int pivot) {
        while (true) {
            while (less(i, pivot)) {
                i++;
            }
            j--;
            while (less(pivot, j)) {
                j--;
            }
            if (!(i < j)) {
                return i;
            }
            swap(i, j);
            i++;
        }
    }

    private void insertionSort(int lo, int hi) {
        for (int i = lo + 1; i < hi; i++) {
            if (value[i] < value[lo]) {
                float v = value[i];
                int x = index[i];
                System.arraycopy(value, lo, value, lo + 1, i - lo);
                System.arraycopy(index, lo, index, lo + 1, i - lo);
                value[lo] = v;
                index[lo] = x;
            } else {
                unguardedLinearInsert(i);
            }
        }
    }

    /** Relies on an element no greater than a[i] somewhere to the left. */
    private void unguardedLinearInsert(int i) {
        float v = value[i];
        int x = index[i];
        int j = i - 1;
        while (v < value[j]) {
            value[j + 1] = value[j];
            index[j + 1] = index[j];
            j--;
        }
        value[j + 1] = v;
        index[j + 1] = x;
    }

    private void heapSort(int lo, int hi) {
        int len = hi - lo;
        if (len >= 2) {
            for (int parent = (len - 2) / 2; parent >= 0; parent--) {
                adjustHeap(lo, parent, len, value[lo + parent], index[lo + parent]);
            }
        }
        while (hi - lo > 1) {
            hi--;
            float v = value[hi];
            int x = index[hi];
            value[hi] = value[lo];
            index[hi] = index[lo];
            adjustHeap(lo, 0, hi - lo, v, x);
        }
    }

    private void adjustHeap(int base, int hole, int len, float v, int x) {
        int top = hole;
        int child = hole;
        while (child < (len - 1) / 2) {
            child = 2 * (child + 1);
            if (value[base + child] < value[base + child - 1]) {
                child--;
            }
            move(base + child, base + hole);
            hole = child;
        }
        if ((len & 1) == 0 && child == (len - 2) / 2) {
            child = 2 * (child + 1);
            move(base + child - 1, base + hole);
            hole = child - 1;
        }
        int parent = (hole - 1) / 2;
        while (hole > top && value[base + parent] < v) {
            move(base + parent, base + hole);
            hole = parent;
            parent = (hole - 1) / 2;
        }
        value[base + hole] = v;
        index[base + hole] = x;
    }

    private void move(int from, int to) {
        value[to] = value[from];
        index[to] = index[from];
    }
}
