package io.hearthnet.emergency;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few DNS messages the DNS probe needs (RFC 1035): encodes a recursive A query and decodes
 * and validates a response. A malformed response is a {@link ErrorCode#BAD_REQUEST} naming the flaw.
 */
final class DnsMessages {
    static final int HEADER_LENGTH = 12;
    static final int TYPE_A = 1;
    static final int CLASS_IN = 1;

    private static final int FLAG_QR = 0x8000;
    private static final int FLAG_RD = 0x0100;
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_POINTER_JUMPS = 32;

    private DnsMessages() {}

    /** A decoded response: its id, response code, question name and the IPv4 addresses it answered. */
    record Response(int id, int rcode, String questionName, List<String> addresses) {
        Response {
            addresses = List.copyOf(addresses);
        }
    }

    /** A recursive query for the A records of {@code name}, with message id {@code id} (0..65535). */
    static byte[] query(int id, String name) {
        if (id < 0 || id > 0xFFFF) {
            throw bad("DNS message id " + id + " is outside 0..65535");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_LENGTH + name.length() + 6);
        writeShort(out, id);
        writeShort(out, FLAG_RD);
        writeShort(out, 1);
        writeShort(out, 0);
        writeShort(out, 0);
        writeShort(out, 0);
        writeName(out, name);
        writeShort(out, TYPE_A);
        writeShort(out, CLASS_IN);
        return out.toByteArray();
    }

    /** The message id of a packet, or -1 when it is too short to hold one. */
    static int id(byte[] packet, int length) {
        return length < 2 ? -1 : u16(packet, 0);
    }

    /**
     * Decodes a response to a single-question query: a response flag, a standard opcode, exactly
     * one question of type A and class IN, and resource records that lie within the packet.
     */
    static Response decodeResponse(byte[] packet, int length) {
        if (length < HEADER_LENGTH || length > packet.length) {
            throw bad("DNS response of " + length + " bytes is shorter than its 12-byte header");
        }
        int id = u16(packet, 0);
        int flags = u16(packet, 2);
        if ((flags & FLAG_QR) == 0) {
            throw bad("DNS message " + id + " is a query, not a response");
        }
        int opcode = (flags >> 11) & 0xF;
        if (opcode != 0) {
            throw bad("DNS response " + id + " has opcode " + opcode + ", expected 0 (QUERY)");
        }
        int questions = u16(packet, 4);
        if (questions != 1) {
            throw bad("DNS response " + id + " has " + questions + " questions, expected 1");
        }
        int records = u16(packet, 6) + u16(packet, 8) + u16(packet, 10);
        int[] pos = {HEADER_LENGTH};
        String questionName = readName(packet, length, pos);
        require(packet, length, pos[0], 4, "question");
        int qtype = u16(packet, pos[0]);
        int qclass = u16(packet, pos[0] + 2);
        pos[0] += 4;
        if (qtype != TYPE_A || qclass != CLASS_IN) {
            throw bad("DNS response " + id + " answers type " + qtype + " class " + qclass + ", expected A IN");
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            readName(packet, length, pos);
            require(packet, length, pos[0], 10, "resource record " + (i + 1));
            int type = u16(packet, pos[0]);
            int rclass = u16(packet, pos[0] + 2);
            int rdLength = u16(packet, pos[0] + 8);
            pos[0] += 10;
            require(packet, length, pos[0], rdLength, "data of resource record " + (i + 1));
            if (type == TYPE_A && rclass == CLASS_IN) {
                if (rdLength != 4) {
                    throw bad("DNS response " + id + " has an A record of " + rdLength + " bytes, expected 4");
                }
                addresses.add((packet[pos[0]] & 0xFF) + "." + (packet[pos[0] + 1] & 0xFF) + "."
                        + (packet[pos[0] + 2] & 0xFF) + "." + (packet[pos[0] + 3] & 0xFF));
            }
            pos[0] += rdLength;
        }
        return new Response(id, flags & 0xF, questionName, addresses);
    }

    /** Reads a possibly compressed name at {@code pos[0]}, advancing it past the name. Lower case, no final dot. */
    private static String readName(byte[] packet, int length, int[] pos) {
        StringBuilder name = new StringBuilder();
        int at = pos[0];
        int after = -1;
        int jumps = 0;
        int total = 0;
        while (true) {
            require(packet, length, at, 1, "name");
            int len = packet[at] & 0xFF;
            if ((len & 0xC0) == 0xC0) {
                require(packet, length, at, 2, "name pointer");
                int target = ((len & 0x3F) << 8) | (packet[at + 1] & 0xFF);
                if (target >= at || ++jumps > MAX_POINTER_JUMPS) {
                    throw bad("DNS name pointer at offset " + at + " does not point backwards");
                }
                if (after < 0) {
                    after = at + 2;
                }
                at = target;
                continue;
            }
            if ((len & 0xC0) != 0) {
                throw bad("DNS name at offset " + at + " uses reserved label type 0x" + Integer.toHexString(len & 0xC0));
            }
            at++;
            if (len == 0) {
                break;
            }
            require(packet, length, at, len, "label");
            total += len + 1;
            if (total > MAX_NAME_LENGTH) {
                throw bad("DNS name at offset " + pos[0] + " is longer than " + MAX_NAME_LENGTH + " bytes");
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(packet, at, len, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
            at += len;
        }
        pos[0] = after >= 0 ? after : at;
        return name.toString();
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (trimmed.isEmpty() || trimmed.length() > 253) {
            throw bad("DNS name '" + name + "' must be 1 to 253 characters");
        }
        for (String label : trimmed.split("\\.", -1)) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length == 0 || bytes.length > 63 || !label.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw bad("DNS name '" + name + "' has a label that is empty, longer than 63 bytes or not printable ASCII");
            }
            out.write(bytes.length);
            out.write(bytes, 0, bytes.length);
        }
        out.write(0);
    }

    private static void require(byte[] packet, int length, int at, int needed, String what) {
        if (at + needed > length) {
            throw bad("DNS response ends inside its " + what + " (offset " + at + ", " + needed + " bytes needed, "
                    + length + " in the packet)");
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xFF);
        out.write(value & 0xFF);
    }

    private static HearthNetException bad(String message) {
        return new HearthNetException(ErrorCode.BAD_REQUEST, message);
    }
}
