"""NCPDP SCRIPT NewRx documents for the tests."""

from __future__ import annotations

NEWRX = """<?xml version="1.0" encoding="UTF-8"?>
<Message xmlns="http://www.ncpdp.org/schema/SCRIPT" version="2017071">
  <Header><To>BLEND</To><From>CLINIC</From><MessageID>MSG-1</MessageID></Header>
  <Body>
    <NewRx>
      <Patient><HumanPatient>
        <Name><LastName>{last_name}</LastName><FirstName>{first_name}</FirstName></Name>
        <Gender>F</Gender>
        <DateOfBirth><Date>{date_of_birth}</Date></DateOfBirth>
      </HumanPatient></Patient>
      <Prescriber><NonVeterinarian><Identification><NPI>{npi}</NPI></Identification></NonVeterinarian></Prescriber>
      <MedicationPrescribed>
        <DrugDescription>Topical Rapamycin 1%</DrugDescription>
        <DrugCoded><ProductCode><Code>HC-RAPA1</Code></ProductCode></DrugCoded>
        <Quantity><Value>{quantity}</Value><QuantityUnitOfMeasure><Code>C48155</Code></QuantityUnitOfMeasure></Quantity>
        <DaysSupply>30</DaysSupply>
        <WrittenDate><Date>2026-11-30</Date></WrittenDate>
        <Substitutions>1</Substitutions>
        <NumberOfRefills>2</NumberOfRefills>
        <Sig><SigText>Apply nightly.</SigText></Sig>
      </MedicationPrescribed>
    </NewRx>
  </Body>
</Message>
"""


def newrx(patient: dict, prescriber: dict, *, quantity: str = "30") -> bytes:
    return NEWRX.format(
        last_name=patient["last_name"],
        first_name=patient["first_name"],
        date_of_birth=patient["date_of_birth"],
        npi=prescriber["npi"],
        quantity=quantity,
    ).encode()


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Message><Body><NewRx>&lol2;</NewRx></Body></Message>"""
