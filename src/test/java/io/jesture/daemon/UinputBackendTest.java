package io.jesture.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The uinput C library through JNA. The event encoding is tested without a device, on the very code
 * path that writes to it; creating a device needs a writable {@code /dev/uinput} and is skipped, with
 * the reason printed, where there is none.
 */
class UinputBackendTest {
    private static UinputBackend.Lib lib;

    @BeforeAll
    static void load() {
        try {
            lib = UinputBackend.library();
        } catch (UnsatisfiedLinkError e) {
            System.out.println("UinputBackendTest SKIPPED: " + e.getMessage());
            Assumptions.abort(e.getMessage());
        }
    }

    @Test
    void inputEventLayoutIsTheKernelsOnX8664() {
        Assumptions.assumeTrue("amd64".equals(System.getProperty("os.arch")), "layout figures are for x86_64");
        int[] layout = new int[5];
        lib.jui_layout(layout);
        // struct input_event { struct timeval time (2 x 8 bytes); __u16 type; __u16 code; __s32 value; }
        assertArrayEquals(new int[] {24, 0, 16, 18, 20}, layout, "sizeof, offsetof time/type/code/value");
    }

    @Test
    void everyEventIsFollowedBySynReport() {
        byte[] buf = new byte[64];
        int n = lib.jui_encode(buf, buf.length, (short) 1 /* EV_KEY */, (short) 30 /* KEY_A */, 1);
        assertEquals(48, n, "two struct input_event");
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        assertEquals(0L, b.getLong(0), "tv_sec: zero, the kernel stamps events");
        assertEquals(0L, b.getLong(8), "tv_usec");
        assertEquals(1, b.getShort(16), "type EV_KEY");
        assertEquals(30, b.getShort(18), "code KEY_A");
        assertEquals(1, b.getInt(20), "value: pressed");
        assertEquals(0, b.getShort(24 + 16), "type EV_SYN");
        assertEquals(0, b.getShort(24 + 18), "code SYN_REPORT");
        assertEquals(0, b.getInt(24 + 20), "value 0");
        for (int i = 48; i < buf.length; i++) assertEquals(0, buf[i], "nothing written past the two events");

        n = lib.jui_encode(buf, buf.length, (short) 2 /* EV_REL */, (short) 8 /* REL_WHEEL */, -3);
        assertEquals(48, n);
        assertEquals(2, b.getShort(16));
        assertEquals(8, b.getShort(18));
        assertEquals(-3, b.getInt(20), "negative values survive");
    }

    @Test
    void absoluteMoveIsBothAxesInOneFrame() {
        byte[] buf = new byte[80];
        assertEquals(72, lib.jui_encode_abs(buf, buf.length, 640, 360), "three struct input_event");
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        assertEquals(3, b.getShort(16), "EV_ABS");
        assertEquals(0, b.getShort(18), "ABS_X");
        assertEquals(640, b.getInt(20));
        assertEquals(3, b.getShort(24 + 16), "EV_ABS");
        assertEquals(1, b.getShort(24 + 18), "ABS_Y");
        assertEquals(360, b.getInt(24 + 20));
        assertEquals(0, b.getShort(48 + 16), "EV_SYN");
        assertEquals(0, b.getShort(48 + 18), "SYN_REPORT");
        assertEquals(-28, lib.jui_encode_abs(new byte[71], 71, 1, 1), "-ENOSPC");
    }

    @Test
    void encodeRefusesATooSmallBuffer() {
        assertEquals(-28 /* -ENOSPC */, lib.jui_encode(new byte[47], 47, (short) 1, (short) 30, 1));
        assertTrue(lib.jui_strerror(-28).toLowerCase().contains("space"), lib.jui_strerror(-28));
    }

    @Test
    void keyCodesMatchTheKernelHeader() throws Exception {
        Path header = Path.of("/usr/include/linux/input-event-codes.h");
        Assumptions.assumeTrue(Files.exists(header), "no kernel headers");
        String h = Files.readString(header);
        var m = java.util.regex.Pattern.compile("#define\\s+(KEY_\\w+|BTN_\\w+)\\s+(0x[0-9a-fA-F]+|\\d+)\\b").matcher(h);
        java.util.Map<String, Integer> codes = new java.util.HashMap<>();
        while (m.find()) codes.put(m.group(1), Integer.decode(m.group(2)));
        assertEquals(codes.get("BTN_LEFT"), Action.MouseButton.LEFT.linuxCode);
        assertEquals(codes.get("BTN_RIGHT"), Action.MouseButton.RIGHT.linuxCode);
        assertEquals(codes.get("BTN_MIDDLE"), Action.MouseButton.MIDDLE.linuxCode);
        assertEquals(codes.get("KEY_VOLUMEUP"), Keys.find("XF86AudioRaiseVolume").orElseThrow().linuxCode());
        assertEquals(codes.get("KEY_NEXTSONG"), Keys.find("XF86AudioNext").orElseThrow().linuxCode());
        assertEquals(codes.get("KEY_ESC"), Keys.find("Escape").orElseThrow().linuxCode());
        // The device advertises codes 1..255, KEY_ZOOMIN and KEY_ZOOMOUT (jui_open): every key in the table must be among them.
        for (String name : Keys.canonicalNames()) {
            int code = Keys.find(name).orElseThrow().linuxCode();
            assertTrue(code >= 1 && code <= 255 || code == codes.get("KEY_ZOOMIN") || code == codes.get("KEY_ZOOMOUT"),
                    name + " = " + code + " is not advertised by the device");
        }
    }

    @Test
    void createsAndDestroysADeviceWhereUinputExists() {
        String why = UinputBackend.unavailableReason();
        if (why != null) System.out.println("uinput device test SKIPPED: " + why);
        Assumptions.assumeTrue(why == null, why);
        try (UinputBackend b = UinputBackend.open("jesture test device", new java.awt.Dimension(1920, 1080))) {
            b.press(Keys.find("shift").orElseThrow());
            b.moveBy(1, 0);
            b.moveTo(960, 540);
            b.scroll(Action.ScrollDirection.DOWN, 1);
            b.releaseAll();
            b.press(Keys.find("ctrl").orElseThrow()); // left down on purpose: close() must release it
        }
    }
}
