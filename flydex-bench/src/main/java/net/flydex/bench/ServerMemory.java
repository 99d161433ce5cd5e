package net.flydex.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * This JVM's memory after a full collection: the live heap, resident memory from {@code /proc},
 * direct buffers, and the live heap by class (the {@code GC.class_histogram} diagnostic command,
 * as {@code jcmd} runs it), so the growth between two snapshots can be traced to what holds it.
 *
 * @param heapBytes live heap: used heap right after {@link System#gc()}
 * @param rss resident memory of the whole process (heap, metaspace, code, thread stacks, native buffers)
 * @param directBytes NIO direct buffers in use (Jetty's pooled network buffers live here)
 * @param histogram by class name: {instances, bytes}
 */
record ServerMemory(long heapBytes, Rss rss, long directBytes, Map<String, long[]> histogram) {

    static ServerMemory now() {
        // The histogram runs a full collection first; the second one clears what the histogram itself made.
        Map<String, long[]> histogram = classHistogram();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return new ServerMemory(heap, Rss.of(ProcessHandle.current().pid()), direct, histogram);
    }

    /**
     * Whether the Java heap is resident in full and at a fixed size ({@code -Xms} equal to
     * {@code -Xmx}, {@code -XX:+AlwaysPreTouch}): then the heap neither grows nor shrinks, and a
     * change of RSS is memory outside it.
     */
    static boolean heapPinned() {
        var vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return vm.getVMOption("AlwaysPreTouch").getValue().equals("true")
                && vm.getVMOption("InitialHeapSize").getValue().equals(vm.getVMOption("MaxHeapSize").getValue());
    }

    /** Lines such as {@code "   1:   12345   678900  [B (java.base@25)"}. */
    private static Map<String, long[]> classHistogram() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("the class histogram is not available in this JVM", e);
        }
        var byClass = new HashMap<String, long[]>();
        for (String line : text.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length >= 4 && parts[0].endsWith(":") && parts[1].chars().allMatch(Character::isDigit)) {
                byClass.put(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
            }
        }
        return byClass;
    }
}
