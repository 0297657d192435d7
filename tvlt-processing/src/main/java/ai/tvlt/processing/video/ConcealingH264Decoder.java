package ai.tvlt.processing.video;

import static org.jcodec.codecs.h264.H264Const.PROFILE_BASELINE;
import static org.jcodec.codecs.h264.H264Const.PROFILE_HIGH;
import static org.jcodec.codecs.h264.H264Const.PROFILE_MAIN;
import static org.jcodec.common.tools.MathUtil.wrap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jcodec.codecs.common.biari.MDecoder;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.POCManager;
import org.jcodec.codecs.h264.decode.DeblockerInput;
import org.jcodec.codecs.h264.decode.MBlock;
import org.jcodec.codecs.h264.decode.SliceDecoder;
import org.jcodec.codecs.h264.decode.SliceReader;
import org.jcodec.codecs.h264.decode.aso.MapManager;
import org.jcodec.codecs.h264.decode.aso.Mapper;
import org.jcodec.codecs.h264.decode.deblock.DeblockingFilter;
import org.jcodec.codecs.h264.io.CABAC;
import org.jcodec.codecs.h264.io.CAVLC;
import org.jcodec.codecs.h264.io.model.Frame;
import org.jcodec.codecs.h264.io.model.NALUnit;
import org.jcodec.codecs.h264.io.model.NALUnitType;
import org.jcodec.codecs.h264.io.model.PictureParameterSet;
import org.jcodec.codecs.h264.io.model.RefPicMarking;
import org.jcodec.codecs.h264.io.model.RefPicMarkingIDR;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.SliceHeader;
import org.jcodec.common.IntObjectMap;
import org.jcodec.common.io.BitReader;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Rect;

/**
 * An H.264 picture decoder that survives damaged slices, adapted from JCodec 0.2.5's {@code H264Decoder} and
 * {@code FrameReader} (the reference picture marking below is theirs), built from JCodec's public slice parsing,
 * macroblock decoding and deblocking classes.
 *
 * <p>Why not JCodec's own decoder: it gives up on the whole access unit at the first exception of any slice and
 * never updates its references, so one flipped byte in a P-frame broke every following frame until the next
 * keyframe (x264 places one every 250 frames: a short clip often has one), and a damaged slice header could keep
 * it reading forever (see {@link H264SliceHeaderReader}). What changed:
 * <ul>
 *   <li>Each picture is decoded into one reused buffer, which therefore still holds the previous picture: the
 *       macroblocks of a slice that fails keep the co-located pixels of the previous picture (temporal
 *       concealment, as ffmpeg's simplest mode). The picture is then deblocked and marked as a reference as
 *       usual, so the following P/B-frames keep predicting from it.</li>
 *   <li>A picture none of whose slices can be read leaves the previous picture in place.</li>
 *   <li>Parameter sets are checked before use: the picture within the caller's pixel limit, the frame number
 *       and POC fields of at most 16 bits, at most 16 reference frames, no slice groups (FMO, which neither
 *       x264 nor ffmpeg's decoder supports). Parameter sets inside the stream are ignored when the container
 *       gave them (MP4 {@code avcC}): damage can make any bytes look like one.</li>
 *   <li>Slices are decoded one after the other in the calling thread (JCodec starts a thread pool per decoder),
 *       and a {@link DecodeDeadline} is checked before every macroblock.</li>
 *   <li>The CABAC decoder stops a slice whose data ran out ({@link BoundedMDecoder}): JCodec's unary loops
 *       would otherwise read zeros forever.</li>
 * </ul>
 *
 * <p>This file adapts code of JCodec ( www.jcodec.org ), distributed under the FreeBSD License, copyright the
 * JCodec project. Not thread-safe: one instance decodes one stream.
 */
final class ConcealingH264Decoder {

    /** What became of one access unit. */
    enum Outcome {
        /** Every slice decoded. */
        DECODED,
        /** Part or all of the picture could not be decoded and was concealed. */
        CONCEALED,
        /** The unit holds no picture (e.g. only SEI). */
        NO_PICTURE
    }

    private static final int MAX_LOG2_FRAME_NUM = 16;
    private static final int MAX_REF_FRAMES = 16;

    private final Map<Integer, SeqParameterSet> spss = new HashMap<>();
    private final Map<Integer, PictureParameterSet> ppss = new HashMap<>();
    private final boolean inBandParameterSets;
    private final long maxPixels;
    private final POCManager poc = new POCManager();
    private final List<Frame> pictureBuffer = new ArrayList<>();
    private Frame[] sRefs;
    private IntObjectMap<Frame> lRefs;
    private byte[][] buffer;
    private Frame picture;
    private boolean anyPicture;

    // per picture
    private SeqParameterSet activeSps;
    private SliceHeader firstSliceHeader;
    private NALUnit firstNu;

    /**
     * @param spsList SPS NAL units from the container (without start codes), may be empty
     * @param ppsList PPS NAL units from the container
     * @param maxPixels largest picture accepted
     * @throws IllegalStateException when a container parameter set is malformed or outside the limits
     */
    ConcealingH264Decoder(List<ByteBuffer> spsList, List<ByteBuffer> ppsList, long maxPixels) {
        this.maxPixels = maxPixels;
        for (ByteBuffer sps : spsList) {
            addSps(sps.duplicate());
        }
        for (ByteBuffer pps : ppsList) {
            addPps(pps.duplicate());
        }
        this.inBandParameterSets = spss.isEmpty() || ppss.isEmpty();
    }

    /**
     * Why JCodec cannot decode a stream with these parameter sets, or null when it can.
     *
     * @param sps a sequence parameter set
     * @param pps a picture parameter set
     * @return the unsupported feature, or null
     */
    static String unsupportedFeature(SeqParameterSet sps, PictureParameterSet pps) {
        if (sps.mbAdaptiveFrameFieldFlag || !sps.frameMbsOnlyFlag || sps.fieldPicFlag) {
            return "interlaced coding";
        }
        if (sps.bitDepthLumaMinus8 != 0 || sps.bitDepthChromaMinus8 != 0) {
            return (sps.bitDepthLumaMinus8 + 8) + "-bit samples (only 8-bit)";
        }
        if (sps.chromaFormatIdc != ColorSpace.YUV420J) {
            return "chroma format " + sps.chromaFormatIdc + " (only 4:2:0)";
        }
        if (pps != null && pps.constrainedIntraPredFlag) {
            return "constrained intra prediction";
        }
        if (sps.qpprimeYZeroTransformBypassFlag) {
            return "lossless transform bypass";
        }
        if (sps.profileIdc != PROFILE_BASELINE && sps.profileIdc != PROFILE_MAIN && sps.profileIdc != PROFILE_HIGH) {
            return "profile " + sps.profileIdc + " (only Baseline, Main and High)";
        }
        return null;
    }

    /** @return the parameter sets the container gave, for an up-front support check */
    List<SeqParameterSet> sequenceParameterSets() {
        return List.copyOf(spss.values());
    }

    /** @return the picture parameter sets the container gave */
    List<PictureParameterSet> pictureParameterSets() {
        return List.copyOf(ppss.values());
    }

    /** @return whether some picture has been decoded, in whole or in part */
    boolean hasPicture() {
        return anyPicture;
    }

    /** @return the current picture, valid until the next {@link #decode} call (the buffer is reused) */
    Frame picture() {
        return picture;
    }

    /**
     * Decodes one access unit (one MP4 sample).
     *
     * @param nalUnits its NAL units, without start codes or length prefixes (consumed)
     * @param deadline checked before every macroblock
     * @return what became of it
     * @throws DecodeDeadline.Exceeded when the deadline passes
     */
    Outcome decode(List<ByteBuffer> nalUnits, DecodeDeadline deadline) {
        boolean damaged = false;
        List<SliceReader> slices = new ArrayList<>();
        for (ByteBuffer nal : nalUnits) {
            try {
                SliceReader slice = readNal(nal, deadline);
                if (slice != null) {
                    slices.add(slice);
                }
            } catch (DecodeDeadline.Exceeded e) {
                throw e;
            } catch (RuntimeException e) {
                damaged = true;
            }
        }
        if (slices.isEmpty()) {
            return damaged ? Outcome.CONCEALED : Outcome.NO_PICTURE;
        }
        Frame result;
        DeblockerInput di;
        try {
            di = new DeblockerInput(slices.get(0).getSliceHeader().sps);
            result = init(slices.get(0), di);
        } catch (RuntimeException e) {
            return Outcome.CONCEALED;
        }
        for (SliceReader slice : slices) {
            try {
                if (slice.getSliceHeader().sps != activeSps) {
                    throw new IllegalStateException("slices of one picture refer to different SPS");
                }
                new SliceDecoder(activeSps, sRefs, lRefs, di, result).decodeFromReader(slice);
            } catch (DecodeDeadline.Exceeded e) {
                throw e;
            } catch (RuntimeException e) {
                damaged = true;
            }
        }
        try {
            new DeblockingFilter(activeSps.picWidthInMbsMinus1 + 1, activeSps.bitDepthChromaMinus8 + 8, di)
                    .deblockFrame(result);
        } catch (RuntimeException e) {
            damaged = true;
        }
        try {
            updateReferences(result);
        } catch (RuntimeException e) {
            damaged = true;
        }
        picture = result;
        anyPicture = true;
        return damaged ? Outcome.CONCEALED : Outcome.DECODED;
    }

    private SliceReader readNal(ByteBuffer nal, DecodeDeadline deadline) {
        if (!nal.hasRemaining()) {
            return null;
        }
        NALUnit nu = NALUnit.read(nal);
        if (nu.type == NALUnitType.IDR_SLICE || nu.type == NALUnitType.NON_IDR_SLICE) {
            H264Utils.unescapeNAL(nal);
            return sliceReader(nal, nu, deadline);
        }
        if (inBandParameterSets && nu.type == NALUnitType.SPS) {
            addSps(nal);
        } else if (inBandParameterSets && nu.type == NALUnitType.PPS) {
            addPps(nal);
        }
        return null;
    }

    private void addSps(ByteBuffer nal) {
        ByteBuffer rbsp = nal.duplicate();
        H264Utils.unescapeNAL(rbsp);
        SeqParameterSet sps = SeqParameterSet.read(rbsp);
        long width = (sps.picWidthInMbsMinus1 + 1L) << 4;
        long height = ((long) SeqParameterSet.getPicHeightInMbs(sps)) << 4;
        if (sps.picWidthInMbsMinus1 < 0 || SeqParameterSet.getPicHeightInMbs(sps) <= 0
                || width * height > maxPixels) {
            throw new IllegalStateException("SPS picture size outside the limit");
        }
        if (sps.seqParameterSetId < 0 || sps.seqParameterSetId > 31
                || sps.log2MaxFrameNumMinus4 < 0 || sps.log2MaxFrameNumMinus4 + 4 > MAX_LOG2_FRAME_NUM
                || sps.log2MaxPicOrderCntLsbMinus4 < 0 || sps.log2MaxPicOrderCntLsbMinus4 + 4 > MAX_LOG2_FRAME_NUM
                || sps.picOrderCntType < 0 || sps.picOrderCntType > 2
                || sps.numRefFrames < 0 || sps.numRefFrames > MAX_REF_FRAMES) {
            throw new IllegalStateException("SPS field outside its range");
        }
        spss.put(sps.seqParameterSetId, sps);
    }

    private void addPps(ByteBuffer nal) {
        ByteBuffer rbsp = nal.duplicate();
        H264Utils.unescapeNAL(rbsp);
        PictureParameterSet pps = PictureParameterSet.read(rbsp);
        if (pps.picParameterSetId < 0 || pps.picParameterSetId > 255 || pps.numSliceGroupsMinus1 != 0
                || pps.numRefIdxActiveMinus1[0] < 0 || pps.numRefIdxActiveMinus1[0] > 31
                || pps.numRefIdxActiveMinus1[1] < 0 || pps.numRefIdxActiveMinus1[1] > 31
                || pps.weightedBipredIdc < 0 || pps.weightedBipredIdc > 2) {
            throw new IllegalStateException("PPS field outside its range");
        }
        ppss.put(pps.picParameterSetId, pps);
    }

    /** JCodec's {@code FrameReader.createSliceReader}, with the bounded header reader and a deadline. */
    private SliceReader sliceReader(ByteBuffer segment, NALUnit nalUnit, DecodeDeadline deadline) {
        BitReader in = BitReader.createBitReader(segment);
        SliceHeader sh = H264SliceHeaderReader.readPart1(in);
        sh.pps = ppss.get(sh.picParameterSetId);
        if (sh.pps == null) {
            throw new IllegalStateException("slice refers to an unknown PPS");
        }
        sh.sps = spss.get(sh.pps.seqParameterSetId);
        if (sh.sps == null) {
            throw new IllegalStateException("slice refers to an unknown SPS");
        }
        H264SliceHeaderReader.readPart2(sh, nalUnit, sh.sps, sh.pps, in);
        int mbCount = (sh.sps.picWidthInMbsMinus1 + 1) * SeqParameterSet.getPicHeightInMbs(sh.sps);
        if (sh.firstMbInSlice >= mbCount) {
            throw new IllegalStateException("slice starts past the last macroblock");
        }
        Mapper mapper = new MapManager(sh.sps, sh.pps).getMapper(sh);
        CAVLC[] cavlc = {new CAVLC(sh.sps, sh.pps, 2, 2), new CAVLC(sh.sps, sh.pps, 1, 1),
            new CAVLC(sh.sps, sh.pps, 1, 1)};
        CABAC cabac = new CABAC(sh.sps.picWidthInMbsMinus1 + 1);
        MDecoder mDecoder = null;
        if (sh.pps.entropyCodingModeFlag) {
            in.terminate();
            int[][] cm = new int[2][1024];
            int qp = sh.pps.picInitQpMinus26 + 26 + sh.sliceQpDelta;
            if (qp < 0 || qp > 51) {
                throw new IllegalStateException("slice QP outside 0..51");
            }
            cabac.initModels(cm, sh.sliceType, sh.cabacInitIdc, qp);
            mDecoder = new BoundedMDecoder(segment, cm);
        }
        return new TimedSliceReader(sh.pps, cabac, cavlc, mDecoder, in, mapper, sh, nalUnit, deadline);
    }

    /**
     * JCodec's CABAC decoder, stopped once it has shifted in more than {@link #MAX_BITS_PAST_END} bits past the
     * end of its slice. Past the end it shifts in zeros, so every bin then decodes as the most probable symbol:
     * unary loops such as {@code mb_qp_delta}'s ({@code while (decodeBin(63) == 1)}) in JCodec's CABAC class
     * never ended on a damaged slice whose context had learnt 1 as its likelier value. A valid slice ends within
     * the decoder's 9-bit lookahead plus one pending byte.
     */
    private static final class BoundedMDecoder extends MDecoder {
        private static final int MAX_BITS_PAST_END = 64;
        private final ByteBuffer in;
        private int pastEnd;

        BoundedMDecoder(ByteBuffer in, int[][] cm) {
            super(in, cm);
            this.in = in;
        }

        @Override
        protected void readOneByte() {
            // null while the superclass constructor loads the first bytes
            if (in != null && !in.hasRemaining() && ++pastEnd > MAX_BITS_PAST_END) {
                throw new IllegalStateException("CABAC data ends inside the slice");
            }
            super.readOneByte();
        }
    }

    /** A slice reader that checks the deadline before each macroblock. */
    private static final class TimedSliceReader extends SliceReader {
        private final DecodeDeadline deadline;

        TimedSliceReader(PictureParameterSet pps, CABAC cabac, CAVLC[] cavlc, MDecoder mDecoder, BitReader reader,
                Mapper mapper, SliceHeader sh, NALUnit nalUnit, DecodeDeadline deadline) {
            super(pps, cabac, cavlc, mDecoder, reader, mapper, sh, nalUnit);
            this.deadline = deadline;
        }

        @Override
        public boolean readMacroblock(MBlock mBlock) {
            deadline.check();
            return super.readMacroblock(mBlock);
        }
    }

    private Frame init(SliceReader sliceReader, DeblockerInput di) {
        firstNu = sliceReader.getNALUnit();
        firstSliceHeader = sliceReader.getSliceHeader();
        activeSps = firstSliceHeader.sps;
        String unsupported = unsupportedFeature(activeSps, firstSliceHeader.pps);
        if (unsupported != null) {
            throw new IllegalStateException("unsupported: " + unsupported);
        }
        int maxFrames = 1 << (activeSps.log2MaxFrameNumMinus4 + 4);
        if (sRefs == null || sRefs.length != maxFrames) {
            sRefs = new Frame[maxFrames];
            lRefs = new IntObjectMap<>();
            pictureBuffer.clear();
        }
        int width = (activeSps.picWidthInMbsMinus1 + 1) << 4;
        int height = SeqParameterSet.getPicHeightInMbs(activeSps) << 4;
        if (buffer == null || buffer[0].length != width * height) {
            // zero is mid-grey in JCodec's signed samples: what a picture shows before anything decoded
            buffer = new byte[][] {new byte[width * height], new byte[width * height / 4],
                new byte[width * height / 4]};
        }
        Rect crop = null;
        if (activeSps.frameCroppingFlag) {
            int sx = activeSps.frameCropLeftOffset << 1;
            int sy = activeSps.frameCropTopOffset << 1;
            int w = width - (activeSps.frameCropRightOffset << 1) - sx;
            int h = height - (activeSps.frameCropBottomOffset << 1) - sy;
            if (sx < 0 || sy < 0 || w < 1 || h < 1) {
                throw new IllegalStateException("SPS cropping outside the picture");
            }
            crop = new Rect(sx, sy, w, h);
        }
        int pictureOrder = poc.calcPOC(firstSliceHeader, firstNu);
        return new Frame(width, height, buffer, ColorSpace.YUV420, crop, firstSliceHeader.frameNum,
                firstSliceHeader.sliceType, di.mvs, di.refsUsed, pictureOrder);
    }

    // Reference picture marking (H.264 section 8.2.5): JCodec's H264Decoder.FrameDecoder, unchanged.

    private void updateReferences(Frame picture) {
        if (firstNu.nal_ref_idc != 0) {
            if (firstNu.type == NALUnitType.IDR_SLICE) {
                performIDRMarking(firstSliceHeader.refPicMarkingIDR, picture);
            } else {
                performMarking(firstSliceHeader.refPicMarkingNonIDR, picture);
            }
        }
    }

    private void performIDRMarking(RefPicMarkingIDR refPicMarkingIDR, Frame picture) {
        clearAll();
        pictureBuffer.clear();
        Frame saved = saveRef(picture);
        if (refPicMarkingIDR.isUseForlongTerm()) {
            lRefs.put(0, saved);
            saved.setShortTerm(false);
        } else {
            sRefs[firstSliceHeader.frameNum] = saved;
        }
    }

    private Frame saveRef(Frame decoded) {
        Frame frame = pictureBuffer.isEmpty() ? Frame.createFrame(decoded) : pictureBuffer.remove(0);
        frame.copyFromFrame(decoded);
        return frame;
    }

    private void releaseRef(Frame picture) {
        if (picture != null) {
            pictureBuffer.add(picture);
        }
    }

    private void clearAll() {
        for (int i = 0; i < sRefs.length; i++) {
            releaseRef(sRefs[i]);
            sRefs[i] = null;
        }
        for (int key : lRefs.keys()) {
            releaseRef(lRefs.get(key));
        }
        lRefs.clear();
    }

    private void performMarking(RefPicMarking refPicMarking, Frame picture) {
        Frame saved = saveRef(picture);
        if (refPicMarking != null) {
            for (RefPicMarking.Instruction instr : refPicMarking.getInstructions()) {
                switch (instr.getType()) {
                    case REMOVE_SHORT -> unrefShortTerm(instr.getArg1());
                    case REMOVE_LONG -> unrefLongTerm(instr.getArg1());
                    case CONVERT_INTO_LONG -> convert(instr.getArg1(), instr.getArg2());
                    case TRUNK_LONG -> truncateLongTerm(instr.getArg1() - 1);
                    case CLEAR -> clearAll();
                    case MARK_LONG -> {
                        saveLong(saved, instr.getArg1());
                        saved = null;
                    }
                    default -> throw new IllegalStateException("unknown marking operation");
                }
            }
        }
        if (saved != null) {
            sRefs[firstSliceHeader.frameNum] = saved;
        }
        int maxFrames = 1 << (activeSps.log2MaxFrameNumMinus4 + 4);
        if (refPicMarking == null) {
            int maxShort = Math.max(1, activeSps.numRefFrames - lRefs.size());
            int min = Integer.MAX_VALUE;
            int num = 0;
            int minFn = 0;
            for (int i = 0; i < sRefs.length; i++) {
                if (sRefs[i] != null) {
                    int fnWrap = unwrap(firstSliceHeader.frameNum, sRefs[i].getFrameNo(), maxFrames);
                    if (fnWrap < min) {
                        min = fnWrap;
                        minFn = sRefs[i].getFrameNo();
                    }
                    num++;
                }
            }
            if (num > maxShort) {
                releaseRef(sRefs[minFn]);
                sRefs[minFn] = null;
            }
        }
    }

    private static int unwrap(int thisFrameNo, int refFrameNo, int maxFrames) {
        return refFrameNo > thisFrameNo ? refFrameNo - maxFrames : refFrameNo;
    }

    private void saveLong(Frame saved, int longNo) {
        Frame prev = lRefs.get(longNo);
        if (prev != null) {
            releaseRef(prev);
        }
        saved.setShortTerm(false);
        lRefs.put(longNo, saved);
    }

    private void truncateLongTerm(int maxLongNo) {
        for (int key : lRefs.keys()) {
            if (key > maxLongNo) {
                releaseRef(lRefs.get(key));
                lRefs.remove(key);
            }
        }
    }

    private void convert(int shortNo, int longNo) {
        int ind = wrap(firstSliceHeader.frameNum - shortNo, 1 << (firstSliceHeader.sps.log2MaxFrameNumMinus4 + 4));
        releaseRef(lRefs.get(longNo));
        lRefs.put(longNo, sRefs[ind]);
        sRefs[ind] = null;
        lRefs.get(longNo).setShortTerm(false);
    }

    private void unrefLongTerm(int longNo) {
        releaseRef(lRefs.get(longNo));
        lRefs.remove(longNo);
    }

    private void unrefShortTerm(int shortNo) {
        int ind = wrap(firstSliceHeader.frameNum - shortNo, 1 << (firstSliceHeader.sps.log2MaxFrameNumMinus4 + 4));
        releaseRef(sRefs[ind]);
        sRefs[ind] = null;
    }
}
