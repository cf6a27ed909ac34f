package io.restis.persistence;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Persistence settings ({@code restis.persistence.*}), named and defaulted after Redis's own
 * configuration directives.
 *
 * @param enabled off: no files are read or written at all (SAVE and BGSAVE answer an error)
 * @param dir the working directory of dumps and of the append-only directory (Redis's {@code dir})
 * @param dbfilename the snapshot file SAVE, BGSAVE and the save points write
 * @param save save points as Redis's "seconds changes" pairs: a background save starts when at
 *     least {@code changes} writes happened and more than {@code seconds} passed since the last
 *     save; empty disables them
 * @param appendonly keep the append-only log (multi-part directory); on restart it is what loads
 * @param appenddirname the append-only directory, inside {@code dir}
 * @param appendfilename the prefix of the files in the append-only directory
 * @param appendfsync {@code always}, {@code everysec} or {@code no}
 * @param aofLoadTruncated load a log whose last entry is cut off, dropping it (else refuse)
 * @param autoAofRewritePercentage compact when the logs outgrew the base by this percentage (0:
 *     never automatically)
 * @param autoAofRewriteMinSize but not before base and logs together reach this size
 * @param saveOnShutdown on a graceful shutdown, write the dump when save points are configured
 */
@Validated
@ConfigurationProperties("restis.persistence")
public record PersistenceProperties(
    @DefaultValue("true") boolean enabled,
    @NotBlank @DefaultValue("data") String dir,
    @NotBlank @DefaultValue("dump.rdb") String dbfilename,
    @NotNull @DefaultValue("3600 1 300 100 60 10000") String save,
    @DefaultValue("false") boolean appendonly,
    @NotBlank @DefaultValue("appendonlydir") String appenddirname,
    @NotBlank @DefaultValue("appendonly.aof") String appendfilename,
    @NotNull @DefaultValue("everysec") AppendLog.Fsync appendfsync,
    @DefaultValue("true") boolean aofLoadTruncated,
    @Min(0) @DefaultValue("100") int autoAofRewritePercentage,
    @NotNull @DefaultValue("64MB") DataSize autoAofRewriteMinSize,
    @DefaultValue("true") boolean saveOnShutdown) {

  /** The save points, parsed; an IllegalArgumentException for a malformed setting. */
  public SavePoints savePoints() {
    return SavePoints.parse(save);
  }
}
