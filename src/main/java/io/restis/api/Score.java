package io.restis.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A sorted-set score (or weight, or increment) in JSON: a number, or one of the strings
 * {@code "+inf"} and {@code "-inf"} for the infinities, which JSON numbers cannot say.
 *
 * <p>A score from a request keeps the number's text exactly as written and goes to the store as
 * that text, so the store parses it (and refuses it) just as it would the same argument on the
 * command endpoint: {@code 1e400} is the store's "not a valid float", not a silent infinity. A
 * score from a reply is the store's formatting of the double (Redis 7.0's {@code %.17g}), answered
 * as that exact decimal number.
 */
@JsonDeserialize(using = Score.Reader.class)
@JsonSerialize(using = Score.Writer.class)
@Schema(name = "Score", types = {"number", "string"},
    description = "A score: a JSON number, or the string \"+inf\" or \"-inf\" for an infinity (in requests also "
        + "\"inf\"). Answers carry the store's double exactly as it formats it (up to 17 significant digits).",
    example = "1.5")
public final class Score {

  public static final String POSITIVE_INFINITY = "+inf";
  public static final String NEGATIVE_INFINITY = "-inf";

  /** The text the store reads or wrote: a number, "inf", "+inf" or "-inf". */
  private final String text;

  private Score(String text) {
    this.text = text;
  }

  /** A score as the store formats it in a reply (ZSCORE, WITHSCORES). */
  static Score fromReply(byte[] text) {
    return new Score(new String(text, StandardCharsets.US_ASCII));
  }

  /** A score given as JSON text: a number's literal text or one of the infinity strings. */
  static Score of(String text) {
    return new Score(text);
  }

  /** The argument for the store. */
  byte[] argument() {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** The JSON form: a number, or "+inf" / "-inf". */
  Object json() {
    switch (text) {
      case "inf":
      case "+inf":
        return POSITIVE_INFINITY;
      case "-inf":
        return NEGATIVE_INFINITY;
      default:
        return new BigDecimal(text);
    }
  }

  /** Equal when the text is: the same argument for the store. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Score s && s.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  /** Writes {@link #json()}. */
  static final class Writer extends ValueSerializer<Score> {

    @Override
    public void serialize(Score value, JsonGenerator g, SerializationContext ctxt) {
      Object json = value.json();
      if (json instanceof BigDecimal d) {
        g.writeNumber(d);
      } else {
        g.writeString((String) json);
      }
    }
  }

  /** Reads a JSON number (its literal text) or an infinity string; anything else is refused. */
  static final class Reader extends ValueDeserializer<Score> {

    @Override
    public Score deserialize(JsonParser p, DeserializationContext ctxt) {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        return new Score(p.getString());
      }
      if (t == JsonToken.VALUE_STRING) {
        String s = p.getString();
        if (s.equals("+inf") || s.equals("-inf") || s.equals("inf")) {
          return new Score(s);
        }
        return (Score) ctxt.handleWeirdStringValue(Score.class, s,
            "a score is a JSON number or one of the strings \"+inf\", \"-inf\"");
      }
      return (Score) ctxt.handleUnexpectedToken(Score.class, p);
    }
  }
}
