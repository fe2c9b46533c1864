package io.berth.shim.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Reads a JSON integer in the unsigned 64-bit range (Go's uint64, e.g. RLIM_INFINITY
 * 18446744073709551615) into a Java long holding the same bits.
 */
class UnsignedLongDeserializer extends JsonDeserializer<Long> {
    /** For primitive {@code long} components: absent or null reads as 0. */
    static final class Primitive extends UnsignedLongDeserializer {
        @Override
        public Long getNullValue(DeserializationContext ctxt) {
            return 0L;
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return 0L;
        }
    }

    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return (Long) ctxt.handleUnexpectedToken(Long.class, p);
        }
        BigInteger v = p.getBigIntegerValue();
        if (v.signum() < 0 && v.bitLength() < 64) {
            return v.longValue();
        }
        if (v.signum() < 0 || v.compareTo(MAX) > 0) {
            return (Long) ctxt.handleWeirdNumberValue(Long.class, v, "out of the unsigned 64-bit range");
        }
        return v.longValue();
    }
}
