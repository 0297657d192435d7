package ai.tvlt.processing.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jcodec.containers.mp4.AudioBoxes;
import org.jcodec.containers.mp4.Boxes;
import org.jcodec.containers.mp4.DataBoxes;
import org.jcodec.containers.mp4.DefaultBoxes;
import org.jcodec.containers.mp4.SampleBoxes;
import org.jcodec.containers.mp4.TimecodeBoxes;
import org.jcodec.containers.mp4.VideoBoxes;
import org.jcodec.containers.mp4.WaveExtBoxes;
import org.jcodec.containers.mp4.boxes.AudioSampleEntry;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.DataRefBox;
import org.jcodec.containers.mp4.boxes.KeysBox;
import org.jcodec.containers.mp4.boxes.NodeBox;
import org.jcodec.containers.mp4.boxes.SampleDescriptionBox;
import org.jcodec.containers.mp4.boxes.SampleEntry;
import org.jcodec.containers.mp4.boxes.TimecodeSampleEntry;
import org.jcodec.containers.mp4.boxes.UdtaMetaBox;
import org.jcodec.containers.mp4.boxes.VideoSampleEntry;
import org.junit.jupiter.api.Test;

/**
 * {@link IsoBoxes} walks the boxes inside {@code moov} with JCodec's own box tables; these tests pin what it
 * assumes about the containers JCodec makes of them, so that a JCodec upgrade that adds a container with a
 * parse of its own fails here instead of slipping past the walk.
 */
class IsoBoxesTest {

    /** Containers whose parse reads fields before the children; the walk knows where their children start. */
    private static final Set<Class<?>> OWN_PARSE = Set.of(SampleDescriptionBox.class, DataRefBox.class,
            KeysBox.class, UdtaMetaBox.class, SampleEntry.class, VideoSampleEntry.class, AudioSampleEntry.class,
            TimecodeSampleEntry.class);

    @SuppressWarnings("unchecked")
    private static Map<String, Class<? extends Box>> mappings(Boxes table) throws ReflectiveOperationException {
        Field field = Boxes.class.getDeclaredField("mappings");
        field.setAccessible(true);
        return (Map<String, Class<? extends Box>>) field.get(table);
    }

    @Test
    void everyContainerInJcodecsTablesHasAKnownParse() throws ReflectiveOperationException {
        List<String> unknown = new ArrayList<>();
        for (Boxes table : List.of(new DefaultBoxes(), new SampleBoxes(), new VideoBoxes(), new AudioBoxes(),
                new TimecodeBoxes(), new DataBoxes(), new WaveExtBoxes())) {
            for (Map.Entry<String, Class<? extends Box>> e : mappings(table).entrySet()) {
                Class<? extends Box> kind = e.getValue();
                if (NodeBox.class.isAssignableFrom(kind)) {
                    Class<?> parser = kind.getMethod("parse", ByteBuffer.class).getDeclaringClass();
                    if (parser != NodeBox.class && !OWN_PARSE.contains(parser)) {
                        unknown.add(e.getKey() + " -> " + kind.getSimpleName() + " (parse of " + parser + ")");
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "containers the walk does not know: " + unknown);
    }

    @Test
    void childrenStartWhereJcodecReadsThem() {
        ByteBuffer sound = ByteBuffer.allocate(64);
        assertEquals(0, IsoBoxes.childrenOffset(IsoBoxes.boxClass(new DefaultBoxes(), "tapt"), sound));
        assertEquals(0, IsoBoxes.childrenOffset(IsoBoxes.boxClass(new DefaultBoxes(), "trak"), sound));
        assertEquals(-1, IsoBoxes.childrenOffset(IsoBoxes.boxClass(new DefaultBoxes(), "stts"), sound));
        assertEquals(-1, IsoBoxes.childrenOffset(IsoBoxes.boxClass(new DefaultBoxes(), "free"), sound));
        assertEquals(8, IsoBoxes.childrenOffset(IsoBoxes.boxClass(new DefaultBoxes(), "stsd"), sound));
        assertEquals(78, IsoBoxes.childrenOffset(IsoBoxes.boxClass(new SampleBoxes(), "avc1"), sound));
        assertEquals(28, IsoBoxes.childrenOffset(IsoBoxes.boxClass(new SampleBoxes(), "mp4a"), sound));
        sound.putShort(8, (short) 1);
        assertEquals(44, IsoBoxes.childrenOffset(AudioSampleEntry.class, sound));
        sound.putShort(8, (short) 2);
        assertEquals(64, IsoBoxes.childrenOffset(AudioSampleEntry.class, sound));
        assertEquals(-1, IsoBoxes.childrenOffset(IsoBoxes.boxClass(new SampleBoxes(), "tmcd"), sound));
        assertEquals(4, IsoBoxes.childrenOffset(UdtaMetaBox.class, sound));
        // below a sample description only sample entries are parsed: a 'trak' there is a leaf
        assertEquals(-1, IsoBoxes.childrenOffset(IsoBoxes.boxClass(new SampleBoxes(), "trak"), sound));
    }
}
