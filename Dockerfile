# syntax=docker/dockerfile:1
#
# The Restis image: a standard JRE, the Spring Boot jar split into its layers (dependencies change
# rarely, the application often, so a rebuild usually replaces only the last layer), a non-root user.
#
# Build the jar first, then the image (README, "Docker image"):
#   ./mvnw -B package -DskipTests
#   docker build -t restis:0.1.0-SNAPSHOT .

# --- 1. Extract the layers with Spring Boot's own tool (jarmode "tools"), launcher included.
FROM eclipse-temurin:25-jre AS extract
WORKDIR /build
COPY target/restis-*-exec.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

# --- 2. The runtime image: one COPY per layer, least changing first.
FROM eclipse-temurin:25-jre
# A fixed unprivileged user (uid/gid 10001, the chart's securityContext) that owns only /data.
RUN groupadd --system --gid 10001 restis \
 && useradd --system --uid 10001 --gid restis --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin restis \
 && mkdir /data \
 && chown restis:restis /data
WORKDIR /application
COPY --from=extract /build/extracted/dependencies/ ./
COPY --from=extract /build/extracted/spring-boot-loader/ ./
COPY --from=extract /build/extracted/snapshot-dependencies/ ./
COPY --from=extract /build/extracted/application/ ./
USER 10001:10001
# The heap follows the container's memory limit; the dump and the append-only log go to /data
# (mount a volume there). Both can be overridden at run time (-e JAVA_TOOL_OPTIONS=..., -e RESTIS_...).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    RESTIS_PERSISTENCE_DIR=/data
EXPOSE 8080
# The launcher in exec form: it is PID 1 and gets SIGTERM itself (graceful shutdown).
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
