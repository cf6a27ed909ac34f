{{/* Names, labels and the pieces both StatefulSets share. */}}

{{- define "restis.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "restis.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The Service for writes (the leader) and the one for reads (the followers). */}}
{{- define "restis.leaderService" -}}
{{- printf "%s-leader" (include "restis.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "restis.followersService" -}}
{{- printf "%s-followers" (include "restis.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "restis.scheme" -}}
{{- if .Values.tls.enabled }}https{{ else }}http{{ end }}
{{- end }}

{{/* Where the followers find the leader: its Service's cluster DNS name. */}}
{{- define "restis.leaderUrl" -}}
{{- printf "%s://%s.%s.svc.%s:%v" (include "restis.scheme" .) (include "restis.leaderService" .) .Release.Namespace .Values.clusterDomain .Values.service.port }}
{{- end }}

{{- define "restis.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "restis.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "restis.selectorLabels" -}}
app.kubernetes.io/name: {{ include "restis.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "restis.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The Secret's values: given ones win, else the ones the Secret already holds (lookup, so that an
upgrade keeps what the install generated), else new random ones. Rendered once, in secret.yaml.
*/}}
{{- define "restis.secretValue" -}}
{{- $root := index . 0 }}
{{- $given := index . 1 }}
{{- $key := index . 2 }}
{{- if $given }}
{{- $given }}
{{- else }}
{{- $existing := lookup "v1" "Secret" $root.Release.Namespace (include "restis.fullname" $root) }}
{{- $data := (get (default dict $existing) "data") | default dict }}
{{- if hasKey $data $key }}
{{- index $data $key | b64dec }}
{{- else }}
{{- randAlphaNum 40 }}
{{- end }}
{{- end }}
{{- end }}

{{/*
One StatefulSet: the leader's or the followers'. Argument: a dict with root (the chart's context),
role (leader | follower) and spec (.Values.leader or .Values.followers).
*/}}
{{- define "restis.statefulset" -}}
{{- $root := .root }}
{{- $role := .role }}
{{- $spec := .spec }}
{{- $v := $root.Values }}
{{- $name := printf "%s-%s" (include "restis.fullname" $root) (ternary "leader" "follower" (eq $role "leader")) }}
{{- $persistent := or (eq $role "leader") $spec.persistence.enabled }}
{{- $minGrace := add $v.shutdown.preStopSleepSeconds $v.shutdown.drainSeconds 10 }}
{{- if lt (int $v.shutdown.terminationGracePeriodSeconds) (int $minGrace) }}
{{- fail (printf "shutdown.terminationGracePeriodSeconds (%v) must be at least preStopSleepSeconds + drainSeconds + 10 (%v): the pod is killed before the log is flushed" $v.shutdown.terminationGracePeriodSeconds $minGrace) }}
{{- end }}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  labels:
    {{- include "restis.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $role }}
spec:
  serviceName: {{ printf "%s-headless" (ternary (include "restis.leaderService" $root) (include "restis.followersService" $root) (eq $role "leader")) }}
  replicas: {{ ternary 1 $spec.replicas (eq $role "leader") }}
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      {{- include "restis.selectorLabels" $root | nindent 6 }}
      app.kubernetes.io/component: {{ $role }}
  template:
    metadata:
      labels:
        {{- include "restis.selectorLabels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ $role }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        checksum/secret-input: {{ toJson (list $v.auth $v.replication) | sha256sum }}
        {{- with $spec.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with $v.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: {{ $v.shutdown.terminationGracePeriodSeconds }}
      securityContext:
        {{- toYaml $v.podSecurityContext | nindent 8 }}
      containers:
        - name: restis
          image: {{ include "restis.image" $root | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ $v.containerPort }}
              protocol: TCP
          env:
            - name: POD_IP
              valueFrom:
                fieldRef:
                  fieldPath: status.podIP
            # Settings the chart owns (environment variables win over the mounted files).
            - name: SERVER_PORT
              value: {{ $v.containerPort | quote }}
            - name: RESTIS_PERSISTENCE_DIR
              value: /data
            - name: SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE
              value: {{ printf "%vs" $v.shutdown.drainSeconds | quote }}
            - name: SPRING_CONFIG_ADDITIONAL_LOCATION
              value: "optional:file:/config/app/,optional:file:/config/secret/"
            - name: JAVA_TOOL_OPTIONS
              value: {{ printf "-XX:MaxRAMPercentage=%v -XX:InitialRAMPercentage=%v -XX:+ExitOnOutOfMemoryError %s" $v.jvm.maxRAMPercentage (div $v.jvm.maxRAMPercentage 3) $v.jvm.extraOptions | trim | quote }}
            - name: RESTIS_REPLICATION_ROLE
              value: {{ $role }}
            {{- if eq $role "follower" }}
            - name: RESTIS_REPLICATION_LEADER_URL
              value: {{ include "restis.leaderUrl" $root | quote }}
            # The leader pushes the write stream to this address.
            - name: RESTIS_REPLICATION_ANNOUNCE_URL
              value: {{ printf "%s://$(POD_IP):%v" (include "restis.scheme" $root) $v.containerPort | quote }}
            {{- end }}
          {{- if gt (int $v.shutdown.preStopSleepSeconds) 0 }}
          lifecycle:
            preStop:
              exec:
                command: ["sleep", {{ $v.shutdown.preStopSleepSeconds | quote }}]
          {{- end }}
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
              scheme: {{ include "restis.scheme" $root | upper }}
            periodSeconds: {{ $v.probes.startup.periodSeconds }}
            failureThreshold: {{ $v.probes.startup.failureThreshold }}
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
              scheme: {{ include "restis.scheme" $root | upper }}
            periodSeconds: {{ $v.probes.liveness.periodSeconds }}
            timeoutSeconds: {{ $v.probes.liveness.timeoutSeconds }}
            failureThreshold: {{ $v.probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: http
              scheme: {{ include "restis.scheme" $root | upper }}
            periodSeconds: {{ $v.probes.readiness.periodSeconds }}
            timeoutSeconds: {{ $v.probes.readiness.timeoutSeconds }}
            failureThreshold: {{ $v.probes.readiness.failureThreshold }}
          resources:
            {{- toYaml $spec.resources | nindent 12 }}
          securityContext:
            {{- toYaml $v.securityContext | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: /data
            - name: tmp
              mountPath: /tmp
            - name: config
              mountPath: /config/app
              readOnly: true
            - name: secret
              mountPath: /config/secret
              readOnly: true
            {{- if $v.tls.enabled }}
            - name: tls
              mountPath: /config/tls
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        - name: config
          configMap:
            name: {{ include "restis.fullname" $root }}
        - name: secret
          secret:
            secretName: {{ include "restis.fullname" $root }}
            items:
              - key: application.yml
                path: application.yml
        {{- if $v.tls.enabled }}
        - name: tls
          secret:
            secretName: {{ required "tls.secretName is required when tls.enabled" $v.tls.secretName }}
        {{- end }}
        {{- if not $persistent }}
        - name: data
          emptyDir: {}
        {{- end }}
      {{- with $spec.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $spec.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $spec.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
  {{- if $persistent }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "restis.selectorLabels" $root | nindent 10 }}
          app.kubernetes.io/component: {{ $role }}
      spec:
        accessModes:
          {{- toYaml $spec.persistence.accessModes | nindent 10 }}
        {{- if $spec.persistence.storageClass }}
        storageClassName: {{ $spec.persistence.storageClass | quote }}
        {{- end }}
        resources:
          requests:
            storage: {{ $spec.persistence.size }}
  {{- end }}
{{- end }}
