"""The one glossary of the domain: the Japanese term a user reads, and the English name in code.

| Japanese (UI)            | English (code)            |
| ------------------------ | ------------------------- |
| 地域資源                 | Resource                  |
| 実施主体                 | Provider                  |
| 実施主体の種別           | Provider.Kind             |
| 分類 / 区分              | Category                  |
| 市区町村                 | Area (kind=municipality)  |
| 区                       | Area (kind=ward)          |
| 日常生活圏域             | Area (kind=sphere)        |
| 町丁目                   | Area (kind=town)          |
| 全国地方公共団体コード   | Area.code (municipality, ward) |
| 開催日程 / 開催ルール    | ScheduleRule              |
| 最終確認日               | Resource.confirmed_on     |
| 対象者                   | Resource.for_self / for_carers / for_anyone (none ticked: 不明) |
| 参加方法 (予約不要/要予約/要申込) | Resource.booking ("" = 不明, 「お問い合わせください」) |
| どこで / 開催地域        | Resource.place_text; place_area when only the area is known |
| どこへ来てくれるか / 対応地域 (配食・見守り) | Resource.served_areas |
| 担当地区 (相談機関の対応地域) | Resource.served_areas of a category-6 resource (is_consultation) |
| お住まいの地域 (the person's place on public pages) | directory.home.Home: a typed place's towns or a chosen area; remembered for the TOP in the `home_area` cookie |
| 電話番号 / 電話の補足    | Resource.phone (one dialable number) / phone_note (the cell as written) |
| 市外局番                 | Area.phone_area_code (a municipality's, for 7-digit local numbers) |
| 相談機関                 | category 6 (CONSULTATION_CODE) |
| あんしんケアセンター     | category 6.1 (地域包括支援センター) |
| 下書き / 公開 / 休止中 / 終了 / 削除済み | Resource.Status |
| 見本データ               | is_sample                 |
| 生活支援コーディネーター | Staff.Role.COORDINATOR    |
| 管理者 / 閲覧者          | Staff.Role.ADMIN / VIEWER |
| 担当地域 (第1層・第2層)  | Staff.areas               |
| 事務局 (back office)     | office app, /office/      |
| 変更履歴 / 版            | Revision / Revision.number |
| 確認済みにする           | Revision.Action.CONFIRM (sets confirmed_on) |
| 内部メモ / 担当者名      | Resource.internal_note / contact_person |
| 位置の精度               | Resource.point_precision  |
| 情報の誤りの報告         | Report                    |
| 提供者用の更新リンク     | UpdateLink                |
| 提供者からの提案         | Proposal                  |
| お知らせメール           | office MailNotice (one per person and item) / SentMail (a mail sent) |
| 受け取り方 (届いたらすぐに / 1日1回まとめて / 受け取らない) | MailPreference.mode (MailMode.NOW / DAILY / OFF) |
| まとめてお知らせ         | the digest of manage.py send_digests |
| 写真 / 代替テキスト      | Photo / Photo.alt         |
| 出前講座 / 対象 / 参加した人数 | fieldwork Course / Course.audience / Course.attendance (None: not counted) |
| 担い手候補 / 手伝えること | fieldwork Candidate / Candidate.abilities (Ability) |
| 同意 (日・方法・確かめた人・範囲) | Candidate.consent_on / consent_how / consent_by / consent_scope |
| 消去 / 消去の記録         | Candidate.erase() / CandidateErasure (no personal content) |
| 連絡した / 担い手候補を探す | CandidateContact (an IssueNote) / abilities_for() + Candidate.objects.able_to() |
"""
